# ManimCELogo
from manim import *


class ManimCELogo(Scene):
    def construct(self):
        self.camera.background_color = "#ece6e2"
        ds_m = MathTex(r"\mathbb{M}", fill_color="#343434").scale(7)
        ds_m.shift(2.25 * LEFT + 1.5 * UP)
        circle = Circle(color="#87c2a5", fill_opacity=1).shift(LEFT)
        square = Square(color="#525893", fill_opacity=1).shift(UP)
        triangle = Triangle(color="#e07a5f", fill_opacity=1).shift(RIGHT)
        logo = VGroup(triangle, square, circle, ds_m)  # order matters
        logo.move_to(ORIGIN)
        self.add(logo)
        self.wait()
