"""course_utils: the helpers behind the Calculus for ML course.

Notebooks import what they need in one line, e.g.
``from course_utils import derivative, tangent_explorer``; the exercise checks come per chapter
(``from course_utils.exercises import ch01``). The folders follow one rule: a concept reused by
several chapters has a concept module; what belongs to one lesson has a chapter module.

* ``numeric/``     numerical calculus: difference quotients, derivatives, Jacobians and Hessians,
                   gradient checks, a catalogue of functions, Taylor polynomials (chapters 01–02)
* ``autodiff/``    automatic differentiation: dual numbers, the ``Value`` engine, primitives for
                   both modes, Jacobians that count their passes (chapter 03)
* ``learning/``    learning from data: optimizers, gradient descent on quadratics, layers, the MLP,
                   gradient flow, the training loop, MNIST (chapters 04–06)
* ``figures/``     pure drawing functions (``ax=`` in, artists out): curves, surfaces, Taylor,
                   descent, computational graphs
* ``interactive``  the widget pattern (Agg figure → PNG → ``ipywidgets.Image``) and the live
                   training monitor
* ``explorers/``   each chapter's interactive figures (``ch01`` … ``ch05``)
* ``exercises/``   the verdict machinery (``checks``) and each chapter's exercise checks

Imports go one way: ``_validation`` ← ``numeric`` ← ``autodiff``, ``learning`` ← ``figures`` ←
``interactive`` ← ``explorers``; ``exercises`` sits on top (tests/test_architecture.py).

Which notebook uses which helper, from which module (generated from the notebooks' imports by
``scripts/helper_table.py``; tests/test_architecture.py keeps it current):

<!-- helper table: start -->
| notebook | module | helpers |
|---|---|---|
| 01_derivatives | `course_utils/autodiff/ops.py` | `relu`, `sigmoid` |
| 01_derivatives | `course_utils/exercises/ch01.py` | (exercise checks) |
| 01_derivatives | `course_utils/explorers/ch01.py` | `secant_explorer`, `tangent_explorer` |
| 01_derivatives | `course_utils/figures/curves.py` | `plot_function_and_derivative`, `plot_square_growth`, `plot_step_size_errors`, `plot_tangent` |
| 01_derivatives | `course_utils/numeric/derivatives.py` | `derivative`, `step_size_sweep` |
| 01_derivatives | `course_utils/numeric/functions.py` | `get_function` |
| 01_derivatives | `course_utils/numeric/gradcheck.py` | `gradcheck` |
| 02_partial_derivatives_and_gradients | `course_utils/exercises/ch02.py` | (exercise checks) |
| 02_partial_derivatives_and_gradients | `course_utils/explorers/ch02.py` | `gradient_explorer`, `taylor_explorer` |
| 02_partial_derivatives_and_gradients | `course_utils/figures/curves.py` | `plot_tangent` |
| 02_partial_derivatives_and_gradients | `course_utils/figures/surfaces.py` | `plot_contours`, `plot_gradient`, `plot_tangent_plane` |
| 02_partial_derivatives_and_gradients | `course_utils/numeric/derivatives.py` | `gradient` |
| 02_partial_derivatives_and_gradients | `course_utils/numeric/gradcheck.py` | `gradcheck` |
| 02_partial_derivatives_and_gradients | `course_utils/numeric/jacobians.py` | `directional_derivative`, `hessian`, `jacobian` |
| 02_partial_derivatives_and_gradients | `course_utils/numeric/taylor.py` | `TAYLOR_FUNCTIONS`, `taylor_polynomial` |
| 03_chain_rule_and_autodiff | `course_utils/autodiff/dual.py` | `Dual` |
| 03_chain_rule_and_autodiff | `course_utils/autodiff/engine.py` | `Value` |
| 03_chain_rule_and_autodiff | `course_utils/autodiff/jacobians.py` | `forward_mode_jacobian`, `reverse_mode_jacobian` |
| 03_chain_rule_and_autodiff | `course_utils/autodiff/ops.py` | `exp`, `relu`, `sigmoid`, `sin` |
| 03_chain_rule_and_autodiff | `course_utils/exercises/ch03.py` | (exercise checks) |
| 03_chain_rule_and_autodiff | `course_utils/explorers/ch03.py` | `neuron_explorer` |
| 03_chain_rule_and_autodiff | `course_utils/figures/graph.py` | `draw_graph` |
| 03_chain_rule_and_autodiff | `course_utils/numeric/derivatives.py` | `derivative` |
| 03_chain_rule_and_autodiff | `course_utils/numeric/jacobians.py` | `jacobian` |
| 04_gradient_descent | `course_utils/exercises/ch04.py` | (exercise checks) |
| 04_gradient_descent | `course_utils/explorers/ch04.py` | `learning_rate_explorer`, `momentum_explorer` |
| 04_gradient_descent | `course_utils/figures/descent.py` | `plot_race`, `plot_trajectory` |
| 04_gradient_descent | `course_utils/figures/surfaces.py` | `plot_contours` |
| 04_gradient_descent | `course_utils/learning/optim.py` | `Adam`, `Momentum`, `RMSProp`, `SGD`, `clip_by_norm`, `clip_by_value`, `run_optimizer` |
| 04_gradient_descent | `course_utils/learning/quadratic.py` | `gd_regime`, `quadratic_iterates`, `stability_bound`, `steps_to_converge` |
| 04_gradient_descent | `course_utils/numeric/jacobians.py` | `hessian` |
| 05_backpropagation | `course_utils/autodiff/engine.py` | `Value` |
| 05_backpropagation | `course_utils/exercises/ch05.py` | (exercise checks) |
| 05_backpropagation | `course_utils/explorers/ch05.py` | `deep_gradients_explorer` |
| 05_backpropagation | `course_utils/learning/data.py` | `load_course_mnist` |
| 05_backpropagation | `course_utils/learning/gradient_flow.py` | `deep_stack_norms`, `gradient_health` |
| 05_backpropagation | `course_utils/learning/layers.py` | `linear_backward`, `linear_forward`, `mse_loss`, `relu_backward`, `relu_forward`, `sigmoid_backward`, `sigmoid_forward`, `softmax`, `softmax_cross_entropy`, `tanh_forward` |
| 05_backpropagation | `course_utils/learning/mlp.py` | `MLP` |
| 05_backpropagation | `course_utils/learning/optim.py` | `Adam`, `clip_by_norm` |
| 05_backpropagation | `course_utils/numeric/derivatives.py` | `derivative` |
| 05_backpropagation | `course_utils/numeric/gradcheck.py` | `ParameterCheckError`, `gradcheck`, `gradcheck_parameters` |
| 06_mnist_from_scratch | `course_utils/exercises/ch06.py` | (exercise checks) |
| 06_mnist_from_scratch | `course_utils/interactive/monitor.py` | `TrainingMonitor` |
| 06_mnist_from_scratch | `course_utils/learning/data.py` | `load_course_mnist` |
| 06_mnist_from_scratch | `course_utils/learning/layers.py` | `softmax`, `softmax_cross_entropy` |
| 06_mnist_from_scratch | `course_utils/learning/mlp.py` | `MLP` |
| 06_mnist_from_scratch | `course_utils/learning/optim.py` | `Adam`, `SGD` |
| 06_mnist_from_scratch | `course_utils/learning/training.py` | `History`, `accuracy`, `evaluate`, `train_classifier` |
| 06_mnist_from_scratch | `course_utils/numeric/gradcheck.py` | `gradcheck_parameters` |
<!-- helper table: end -->
"""

from course_utils.autodiff.dual import Dual
from course_utils.autodiff.engine import Value
from course_utils.autodiff.jacobians import forward_mode_jacobian, reverse_mode_jacobian
from course_utils.autodiff.ops import cos, exp, log, relu, sigmoid, sin, tanh
from course_utils.exercises.checks import (
    CheckResult,
    check_array,
    check_choice,
    check_function,
    check_number,
)
from course_utils.explorers.ch01 import secant_explorer, tangent_explorer
from course_utils.explorers.ch02 import gradient_explorer, taylor_explorer
from course_utils.explorers.ch03 import neuron_explorer
from course_utils.explorers.ch04 import learning_rate_explorer, momentum_explorer
from course_utils.explorers.ch05 import deep_gradients_explorer
from course_utils.figures.curves import (
    plot_function_and_derivative,
    plot_secant,
    plot_square_growth,
    plot_step_size_errors,
    plot_tangent,
)
from course_utils.figures.descent import plot_descent_1d, plot_race, plot_trajectory
from course_utils.figures.graph import draw_graph
from course_utils.figures.surfaces import (
    GradientPlot,
    grid_values,
    plot_contours,
    plot_gradient,
    plot_tangent_plane,
)
from course_utils.figures.taylor import plot_taylor
from course_utils.interactive import InteractiveFigure, TrainingMonitor, new_figure, render_png
from course_utils.learning.data import DataError, Dataset, load_course_mnist, load_mnist
from course_utils.learning.gradient_flow import deep_stack_norms, gradient_health
from course_utils.learning.layers import (
    linear_backward,
    linear_forward,
    mse_loss,
    relu_backward,
    relu_forward,
    sigmoid_backward,
    sigmoid_forward,
    softmax,
    softmax_cross_entropy,
    tanh_backward,
    tanh_forward,
)
from course_utils.learning.mlp import MLP
from course_utils.learning.optim import (
    SGD,
    Adam,
    Momentum,
    RMSProp,
    Trajectory,
    clip_by_norm,
    clip_by_value,
    run_optimizer,
)
from course_utils.learning.quadratic import (
    gd_regime,
    quadratic_iterates,
    stability_bound,
    steps_to_converge,
)
from course_utils.learning.training import History, accuracy, evaluate, train_classifier
from course_utils.numeric.derivatives import default_step, derivative, gradient, step_size_sweep
from course_utils.numeric.functions import CATALOG, FunctionSpec, get_function
from course_utils.numeric.gradcheck import (
    GradientCheckError,
    GradientCheckResult,
    ParameterCheckError,
    ParameterCheckResult,
    gradcheck,
    gradcheck_parameters,
    relative_error,
)
from course_utils.numeric.jacobians import directional_derivative, hessian, jacobian
from course_utils.numeric.taylor import TAYLOR_FUNCTIONS, TaylorFunction, taylor_polynomial

__version__ = "0.1.0"

#: Public names no notebook imports directly: the types helpers return (results, datasets,
#: trajectories), building blocks for authors (the widget pattern, the verdict functions behind the
#: exercise checks) and references the tests and benchmarks use. tests/test_architecture.py keeps
#: this list exact, so a new helper is either used by a lesson or listed here on purpose.
REFERENCE_ONLY = (
    "CATALOG",
    "CheckResult",
    "DataError",
    "Dataset",
    "FunctionSpec",
    "GradientCheckError",
    "GradientCheckResult",
    "GradientPlot",
    "InteractiveFigure",
    "ParameterCheckResult",
    "TaylorFunction",
    "Trajectory",
    "check_array",
    "check_choice",
    "check_function",
    "check_number",
    "cos",
    "default_step",
    "grid_values",
    "load_mnist",
    "log",
    "new_figure",
    "plot_descent_1d",
    "plot_secant",
    "plot_taylor",
    "relative_error",
    "render_png",
    "tanh",
    "tanh_backward",
)

__all__ = [
    "CATALOG",
    "MLP",
    "SGD",
    "TAYLOR_FUNCTIONS",
    "Adam",
    "CheckResult",
    "DataError",
    "Dataset",
    "Dual",
    "FunctionSpec",
    "GradientCheckError",
    "GradientCheckResult",
    "GradientPlot",
    "History",
    "InteractiveFigure",
    "Momentum",
    "ParameterCheckError",
    "ParameterCheckResult",
    "RMSProp",
    "TaylorFunction",
    "TrainingMonitor",
    "Trajectory",
    "Value",
    "accuracy",
    "check_array",
    "check_choice",
    "check_function",
    "check_number",
    "clip_by_norm",
    "clip_by_value",
    "cos",
    "deep_gradients_explorer",
    "deep_stack_norms",
    "default_step",
    "derivative",
    "directional_derivative",
    "draw_graph",
    "evaluate",
    "exp",
    "forward_mode_jacobian",
    "gd_regime",
    "get_function",
    "gradcheck",
    "gradcheck_parameters",
    "gradient",
    "gradient_explorer",
    "gradient_health",
    "grid_values",
    "hessian",
    "jacobian",
    "learning_rate_explorer",
    "linear_backward",
    "linear_forward",
    "load_course_mnist",
    "load_mnist",
    "log",
    "momentum_explorer",
    "mse_loss",
    "neuron_explorer",
    "new_figure",
    "plot_contours",
    "plot_descent_1d",
    "plot_function_and_derivative",
    "plot_gradient",
    "plot_race",
    "plot_secant",
    "plot_square_growth",
    "plot_step_size_errors",
    "plot_tangent",
    "plot_tangent_plane",
    "plot_taylor",
    "plot_trajectory",
    "quadratic_iterates",
    "relative_error",
    "relu",
    "relu_backward",
    "relu_forward",
    "render_png",
    "reverse_mode_jacobian",
    "run_optimizer",
    "secant_explorer",
    "sigmoid",
    "sigmoid_backward",
    "sigmoid_forward",
    "sin",
    "softmax",
    "softmax_cross_entropy",
    "stability_bound",
    "step_size_sweep",
    "steps_to_converge",
    "tangent_explorer",
    "tanh",
    "tanh_backward",
    "tanh_forward",
    "taylor_explorer",
    "taylor_polynomial",
    "train_classifier",
]
