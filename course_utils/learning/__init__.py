"""Learning from data: optimizers, gradient descent on quadratics, layers, the MLP, training and
MNIST (chapters 04-06)."""
