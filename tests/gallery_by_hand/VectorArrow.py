# VectorArrow
from manim import *


class VectorArrow(Scene):
    def construct(self):
        dot = Dot()
        arrow = Arrow(ORIGIN, [2, 2, 0], buff=0)
        origin_label = Text("(0, 0)").next_to(dot, DOWN)
        tip_label = Text("(2, 2)").next_to(arrow.get_end(), RIGHT)
        self.add(NumberPlane(), dot, arrow, origin_label, tip_label)
        self.wait()
