# ThreeDLightSourcePosition
from manim import *


class ThreeDLightSourcePosition(ThreeDScene):
    def construct(self):
        self.set_camera_orientation(phi=75 * DEGREES, theta=30 * DEGREES)
        self.renderer.camera.light_source.move_to(3 * IN)
        sphere = Surface(
            lambda u, v: np.array([1.5 * np.cos(u) * np.cos(v), 1.5 * np.cos(u) * np.sin(v), 1.5 * np.sin(u)]),
            u_range=[-PI / 2, PI / 2],
            v_range=[0, TAU],
            checkerboard_colors=[RED_D, RED_E],
            resolution=15,
        )
        self.add(ThreeDAxes(), sphere)
        self.wait()
