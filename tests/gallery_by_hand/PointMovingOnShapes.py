# PointMovingOnShapes
from manim import *


class PointMovingOnShapes(Scene):
    def construct(self):
        circle = Circle(radius=1, color=BLUE)
        dot = Dot()
        self.add(dot, Line([3, 0, 0], [5, 0, 0]))
        self.play(GrowFromCenter(circle))
        self.play(Transform(dot, Dot().move_to(RIGHT)))
        self.play(MoveAlongPath(dot, circle), run_time=2, rate_func=linear)
        self.play(Rotating(dot, about_point=[2, 0, 0]), run_time=1.5)
        self.wait()
