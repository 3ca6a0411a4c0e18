# GradientImageFromArray
from manim import *


class GradientImageFromArray(Scene):
    def construct(self):
        n = 256
        pixels = np.uint8([[i * 256 / n for i in range(n)] for _ in range(n)])
        image = ImageMobject(pixels).scale(2)
        frame = SurroundingRectangle(image, color=GREEN)
        self.add(image, frame)
        self.wait()
