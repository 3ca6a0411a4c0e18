# SinAndCosFunctionPlot
from manim import *


class SinAndCosFunctionPlot(Scene):
    def construct(self):
        ticks = list(range(-10, 12, 2))
        axes = Axes(
            x_range=[-10, 10.3, 1],
            y_range=[-1.5, 1.5, 1],
            x_length=10,
            x_axis_config={"numbers_to_include": ticks, "numbers_with_elongated_ticks": ticks},
            tips=False,
        ).set_color(GREEN)
        labels = axes.get_axis_labels()
        sin = axes.plot(lambda x: np.sin(x), color=BLUE)
        cos = axes.plot(lambda x: np.cos(x), color=RED)
        sin_label = axes.get_graph_label(sin, r"\sin(x)", x_val=-10, direction=UP)
        cos_label = axes.get_graph_label(cos, r"\cos(x)")
        point = axes.i2gp(TAU, cos)
        line = axes.get_vertical_line(point).set_color(YELLOW)
        two_pi = MathTex(r"x=2\pi").next_to(point, UR)
        self.add(VGroup(axes, sin, cos, line), labels, sin_label, cos_label, two_pi)
        self.wait()
