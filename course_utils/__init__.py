"""course_utils: the helpers behind the Calculus for ML course.

Notebooks import what they need in one line, e.g.
``from course_utils import derivative, tangent_explorer``. Every public helper's docstring names
the notebook that introduces it. Modules, one idea each:

* ``calculus``    numerical derivatives and gradients; ``jacobians``: Jacobians, Hessians
* ``gradcheck``   analytic-vs-numeric gradient checks that fail loudly
* ``functions``   a catalogue of one-variable functions with exact derivatives
* ``plotting``    pure drawing functions for one variable (``ax=`` in, artists out)
* ``plotting2d``  contours, gradient fields and tangent planes for two variables
* ``taylor``      Taylor polynomials and their figure
* ``interactive`` the widget pattern: Agg figure -> PNG -> ipywidgets.Image, artists moved in place
* ``explorers``   the interactive figures built on that pattern
* ``dual``        forward-mode automatic differentiation with dual numbers
* ``engine``      reverse-mode automatic differentiation: the ``Value`` graph node
* ``autodiff``    primitives for both modes and Jacobians that count their passes
* ``graphdraw``   drawing computational graphs without Graphviz
* ``optim``       SGD, momentum, RMSProp, Adam (one ``step`` interface) and ``minimize``
* ``descent``     learning-rate regimes and the drawings of gradient descent
* ``descent_explorers`` the chapter-04 interactive figures
* ``nn``          layers with forward/backward and losses; ``mlp``: the MLP; ``nn_explorers``
* ``data``        MNIST: bundled subset, IDX files, verified downloads; ``training``: loop, plot
* ``checks``      exercise self-checks that recognise typical mistakes (``exercises.ch01`` ...)
"""

from course_utils.autodiff import forward_mode_jacobian, reverse_mode_jacobian
from course_utils.calculus import default_step, derivative, gradient, step_size_sweep
from course_utils.checks import (
    CheckResult,
    check_array,
    check_choice,
    check_function,
    check_number,
)
from course_utils.descent import (
    gd_regime,
    plot_descent_1d,
    plot_trajectory,
    quadratic_iterates,
    steps_to_converge,
)
from course_utils.descent_explorers import learning_rate_explorer, momentum_explorer
from course_utils.dual import Dual
from course_utils.engine import Value
from course_utils.explorers import (
    gradient_explorer,
    neuron_explorer,
    secant_explorer,
    tangent_explorer,
    taylor_explorer,
)
from course_utils.functions import CATALOG, FunctionSpec, get_function, relu, sigmoid
from course_utils.gradcheck import (
    GradientCheckError,
    GradientCheckResult,
    ParameterCheck,
    check_gradient,
    check_parameter_gradients,
    relative_error,
)
from course_utils.graphdraw import draw_graph
from course_utils.interactive import InteractiveFigure, new_figure, render_png
from course_utils.jacobians import directional_derivative, hessian, jacobian
from course_utils.mlp import MLP
from course_utils.nn import mse_loss, softmax, softmax_cross_entropy
from course_utils.nn_explorers import deep_gradients_explorer
from course_utils.optim import SGD, Adam, Momentum, RMSProp, Trajectory, clip_by_norm, minimize
from course_utils.plotting import (
    plot_function_and_derivative,
    plot_secant,
    plot_square_growth,
    plot_step_size_errors,
    plot_tangent,
)
from course_utils.plotting2d import (
    GradientPlot,
    grid_values,
    plot_contours,
    plot_gradient,
    plot_tangent_plane,
)
from course_utils.taylor import TAYLOR_FUNCTIONS, TaylorFunction, plot_taylor, taylor_polynomial

__version__ = "0.1.0"

__all__ = [
    "MLP",
    "ParameterCheck",
    "check_parameter_gradients",
    "deep_gradients_explorer",
    "mse_loss",
    "softmax",
    "softmax_cross_entropy",
    "SGD",
    "Adam",
    "Momentum",
    "RMSProp",
    "Trajectory",
    "clip_by_norm",
    "gd_regime",
    "learning_rate_explorer",
    "minimize",
    "momentum_explorer",
    "plot_descent_1d",
    "plot_trajectory",
    "quadratic_iterates",
    "steps_to_converge",
    "CATALOG",
    "TAYLOR_FUNCTIONS",
    "CheckResult",
    "Dual",
    "FunctionSpec",
    "GradientCheckError",
    "GradientCheckResult",
    "GradientPlot",
    "InteractiveFigure",
    "TaylorFunction",
    "Value",
    "check_array",
    "check_choice",
    "check_function",
    "check_gradient",
    "check_number",
    "default_step",
    "derivative",
    "directional_derivative",
    "draw_graph",
    "forward_mode_jacobian",
    "get_function",
    "gradient",
    "gradient_explorer",
    "grid_values",
    "hessian",
    "jacobian",
    "neuron_explorer",
    "new_figure",
    "plot_contours",
    "plot_function_and_derivative",
    "plot_gradient",
    "plot_secant",
    "plot_square_growth",
    "plot_step_size_errors",
    "plot_tangent",
    "plot_tangent_plane",
    "plot_taylor",
    "relative_error",
    "relu",
    "render_png",
    "reverse_mode_jacobian",
    "secant_explorer",
    "sigmoid",
    "step_size_sweep",
    "tangent_explorer",
    "taylor_explorer",
    "taylor_polynomial",
]
