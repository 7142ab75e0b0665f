"""Chapter 03's neuron explorer: the ReLU gate closes the gradient."""

from __future__ import annotations


def test_neuron_explorer_gate_closes_the_gradient():
    from course_utils.explorers.ch03 import neuron_explorer

    explorer = neuron_explorer(x=2.0, b=0.25, y_true=10.0, w=3.0)
    assert "= <b>-15.00</b>" in explorer.readout.value and "gate open" in explorer.readout.value
    explorer.controls["w"].value = -1.0
    text = explorer.readout.value
    assert "= <b>0.00</b>" in text and "numerical slope 0.00" in text and "shut" in text


def test_the_slider_reaches_the_loss_minimum_where_the_gradient_is_zero():
    from course_utils.explorers.ch03 import neuron_explorer

    explorer = neuron_explorer(x=2.0, b=0.25, y_true=10.0, w=3.0)
    slider = explorer.controls["w"]
    assert slider.min <= 4.875 <= slider.max
    slider.value = 4.875  # 2w + 0.25 = 10: the prediction hits the target
    assert slider.value == 4.875  # a slider position, not snapped away
    assert "L = 0.00" in explorer.readout.value and "= <b>0.00</b>" in explorer.readout.value
    assert "gate open" in explorer.readout.value
