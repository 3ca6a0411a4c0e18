# RotationUpdater
# The original turns the line with updaters, mobj.rotate_about_origin(dt) and then -dt, added
# and removed between waits; a graph has no updater that turns a mobject by dt, so here, as in
# the graph, two Rotating animations. Their frames differ on the way back: the original's
# updater stops one frame short of 2 radians (its last frame is at t = 2 - 1/fps) and turns
# back from there, while Rotating turns back from 2 radians.
from manim import *


class RotationUpdater(Scene):
    def construct(self):
        line_reference = Line(ORIGIN, LEFT).set_color(WHITE)
        line_moving = Line(ORIGIN, LEFT).set_color(YELLOW)
        self.add(line_reference, line_moving)
        self.play(Rotating(line_moving, angle=2, about_point=ORIGIN, run_time=2, rate_func=linear))
        self.play(Rotating(line_moving, angle=-2, about_point=ORIGIN, run_time=2, rate_func=linear))
        self.wait(0.5)
