# SineCurveUnitCircle
# Differences from the original, where a graph cannot say what it says:
# - The original draws the curve as a VGroup to which every frame adds a new Line from the end
#   of the last one; here, as in the graph, a TracedPath of the curve's end draws it (in the
#   Lines' colour and default width, 4): one path, so consecutive segments meet in joins
#   instead of overlapping line ends.
# - The original turns the dot by an updater that adds dt * rate to self.t_offset and removes
#   it after wait(8.5), so the dot stops where the last frame of that wait left it, at the last
#   frame time before 8.5 s (127/15 s at 15 fps). A graph cannot remove an updater: here, as in
#   the graph, the scene clock is held at 8.5 s (min(t, 8.5)), so from the second frame of the
#   final wait on, the dot, the lines and the curve's end stand 1/30 s further on (1/120 turn).
from manim import *


class SineCurveUnitCircle(Scene):
    def construct(self):
        x_axis = Line(np.array([-6, 0, 0]), np.array([6, 0, 0]))
        y_axis = Line(np.array([-4, -2, 0]), np.array([-4, 2, 0]))
        self.add(x_axis, y_axis)
        x_labels = [MathTex(r"\pi"), MathTex(r"2 \pi"), MathTex(r"3 \pi"), MathTex(r"4 \pi")]
        for i, label in enumerate(x_labels):
            label.next_to(np.array([-1 + 2 * i, 0, 0]), DOWN)
            self.add(label)

        origin_point = np.array([-4, 0, 0])
        curve_start = np.array([-3, 0, 0])
        circle = Circle(radius=1)
        circle.move_to(origin_point)
        self.add(circle)

        clock = ValueTracker(0)
        clock.add_updater(lambda m, dt: m.increment_value(dt))
        rate = 0.25

        def t_offset():
            return min(clock.get_value(), 8.5) * rate

        dot = Dot(radius=0.08, color=YELLOW)
        dot.move_to(circle.point_from_proportion(0))
        dot.add_updater(lambda m: m.move_to(circle.point_from_proportion(t_offset() % 1)))

        def curve_end():
            return np.array([curve_start[0] + t_offset() * 4, dot.get_center()[1], 0])

        origin_to_circle_line = always_redraw(lambda: Line(origin_point, dot.get_center(), color=BLUE))
        dot_to_curve_line = always_redraw(lambda: Line(dot.get_center(), curve_end(), color=YELLOW_A, stroke_width=2))
        sine_curve = TracedPath(curve_end, stroke_color=YELLOW_D, stroke_width=4)

        self.add(clock, dot)
        self.add(circle, origin_to_circle_line, dot_to_curve_line, sine_curve)
        self.wait(8.5)
        self.wait()
