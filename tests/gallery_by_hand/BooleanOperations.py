# BooleanOperations
# The original groups with Group; VGroup draws the same.
from manim import *


class BooleanOperations(Scene):
    def construct(self):
        ellipse1 = Ellipse(width=4.0, height=5.0, fill_opacity=0.5, color=BLUE, stroke_width=10).move_to(LEFT)
        ellipse2 = ellipse1.copy().set_color(color=RED).move_to(RIGHT)
        title = MarkupText("<u>Boolean Operation</u>").next_to(ellipse1, UP * 3)
        group = VGroup(title, ellipse1, ellipse2).move_to(LEFT * 3)
        self.play(FadeIn(group))

        i = Intersection(ellipse1, ellipse2, color=GREEN, fill_opacity=0.5)
        self.play(i.animate.scale(0.25).move_to(RIGHT * 5 + UP * 2.5))
        i_text = Text("Intersection", font_size=23).next_to(i, UP)
        self.play(FadeIn(i_text))

        u = Union(ellipse1, ellipse2, color=ORANGE, fill_opacity=0.5)
        u_text = Text("Union", font_size=23)
        self.play(u.animate.scale(0.3).next_to(i, DOWN, buff=u_text.height * 3))
        u_text.next_to(u, UP)
        self.play(FadeIn(u_text))

        e = Exclusion(ellipse1, ellipse2, color=YELLOW, fill_opacity=0.5)
        e_text = Text("Exclusion", font_size=23)
        self.play(e.animate.scale(0.3).next_to(u, DOWN, buff=e_text.height * 3.5))
        e_text.next_to(e, UP)
        self.play(FadeIn(e_text))

        d = Difference(ellipse1, ellipse2, color=PINK, fill_opacity=0.5)
        d_text = Text("Difference", font_size=23)
        self.play(d.animate.scale(0.3).next_to(u, LEFT, buff=d_text.height * 3.5))
        d_text.next_to(d, UP)
        self.play(FadeIn(d_text))
