# PolygonOnAxes
from manim import *


class PolygonOnAxes(Scene):
    def construct(self):
        ax = Axes(x_range=[0, 10], y_range=[0, 10], x_length=6, y_length=6, axis_config={"include_tip": False})
        t = ValueTracker(5)
        k = 25
        graph = ax.plot(lambda x: k / x, color=YELLOW_D, x_range=[k / 10, 10.0, 0.01], use_smoothing=False)

        def get_rectangle():
            x, y = t.get_value(), k / t.get_value()
            polygon = Polygon(*[ax.c2p(*corner) for corner in [(x, y), (0, y), (0, 0), (x, 0)]])
            polygon.stroke_width = 1
            polygon.set_fill(BLUE, opacity=0.5)
            polygon.set_stroke(YELLOW_B)
            return polygon

        polygon = always_redraw(get_rectangle)
        dot = Dot()
        dot.add_updater(lambda m: m.move_to(ax.c2p(t.get_value(), k / t.get_value())))
        dot.set_z_index(10)

        self.add(ax, graph, dot)
        self.play(Create(polygon))
        self.play(t.animate.set_value(10))
        self.play(t.animate.set_value(k / 10))
        self.play(t.animate.set_value(5))
