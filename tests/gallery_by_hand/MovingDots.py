# MovingDots
from manim import *


class MovingDots(Scene):
    def construct(self):
        dot1, dot2 = Dot(color=BLUE), Dot(color=GREEN)
        dg = VGroup(dot1, dot2).arrange(RIGHT, buff=1)
        line = Line(dot1.get_center(), dot2.get_center()).set_color(RED)
        x = ValueTracker(0)
        y = ValueTracker(0)
        dot1.add_updater(lambda z: z.set_x(x.get_value()))
        dot2.add_updater(lambda z: z.set_y(y.get_value()))
        line.add_updater(lambda z: z.become(Line(dot1.get_center(), dot2.get_center())))
        self.add(x, y, dg, line)
        self.play(x.animate.set_value(5))
        self.play(y.animate.set_value(4))
        self.wait()
