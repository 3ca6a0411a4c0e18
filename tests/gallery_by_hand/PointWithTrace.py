# PointWithTrace
from manim import *


class PointWithTrace(Scene):
    def construct(self):
        dot = Dot()
        self.add(TracedPath(dot.get_center), dot)
        self.play(Rotating(dot, angle=PI, about_point=RIGHT, run_time=2))
        self.wait()
        self.play(dot.animate.shift(UP))
        self.play(dot.animate.shift(LEFT))
        self.wait()
