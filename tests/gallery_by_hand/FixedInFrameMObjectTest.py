# FixedInFrameMObjectTest
from manim import *


class FixedInFrameMObjectTest(ThreeDScene):
    def construct(self):
        self.set_camera_orientation(phi=75 * DEGREES, theta=-45 * DEGREES)
        title = Text("This is a 3D text")
        self.add_fixed_in_frame_mobjects(title)
        title.to_corner(UL)
        self.add(ThreeDAxes())
        self.wait()
