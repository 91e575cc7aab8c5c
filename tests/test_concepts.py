"""The concept cards: one per method a practice topic drills, each number on them checked.

Every number a concept card (or the notation or gradient-check card) shows is listed
here, either as the example's data (and the rules' constants), or with its value
computed from the maths: finite differences of the forward function, written from
the definitions in plain Python, never the generators' code. A number added to a card
without an entry here fails the test; so does a number whose value is wrong, and a
result that is not what a line of the card ends with ("= -0.032").

The second half checks the rules the cards state on random inputs, against finite
differences of the same forward functions.
"""

from __future__ import annotations

import math
import random
import re
from dataclasses import dataclass, field

import pytest
import sympy
from conftest import ROOT

from backprop_deck.deck.cards_file import load
from backprop_deck.generators.registry import TOPICS

CARDS = {card.id: card for card in load(ROOT / "cards.yaml").cards}
CONCEPTS = [card for card in CARDS.values() if "concept" in card.tags]
H = 1e-6


# The forward functions, from the definitions.

def sigmoid(z: float) -> float:
    return 1 / (1 + math.exp(-z))


def slope(f, x: float, h: float = H) -> float:
    """df/dx by a central difference."""
    return (f(x + h) - f(x - h)) / (2 * h)


def gradient(f, xs: list[float], h: float = H) -> list[float]:
    """∂f/∂xᵢ for each i, by central differences."""
    def moved(i, step):
        return [x + step if k == i else x for k, x in enumerate(xs)]
    return [(f(moved(i, h)) - f(moved(i, -h))) / (2 * h) for i in range(len(xs))]


def softmax(z: list[float]) -> list[float]:
    total = sum(math.exp(v) for v in z)
    return [math.exp(v) / total for v in z]


def correlate(x: list[float], k: list[float], stride: int = 1, pad: int = 0) -> list[float]:
    """A deep-learning convolution in 1-D: Y_i = Σ_p X_{(i-1)s+p} K_p over the padded X."""
    padded = [0.0] * pad + list(x) + [0.0] * pad
    count = (len(padded) - len(k)) // stride + 1
    return [sum(padded[i * stride + p] * k[p] for p in range(len(k))) for i in range(count)]


def dot(a, b) -> float:
    return sum(u * v for u, v in zip(a, b, strict=True))


def batch_norm(x: list[float], eps: float = 0.0) -> list[float]:
    mean = sum(x) / len(x)
    var = sum((v - mean) ** 2 for v in x) / len(x)
    return [(v - mean) / math.sqrt(var + eps) for v in x]


def rnn_states(w_h, w_x, b, h0, xs, f=lambda z: z) -> list[float]:
    states = [h0]
    for x in xs:
        states.append(f(w_h * states[-1] + w_x * x + b))
    return states


# Each card's numbers.

@dataclass
class Numbers:
    given: set[str]  # the example's data and the rules' constants, as written
    # (token as written, its value): a number, or a vector written "(a, b)"
    values: list[tuple[str, object]] = field(default_factory=list)
    results: tuple[str, ...] = ()  # values a line ends with: "= TOKEN" or "\approx TOKEN"
    claims: tuple[str, ...] = ()  # text the card must hold, made here from the maths


def gradient_check() -> Numbers:
    w, eps = 2, 0.01
    x = sympy.Symbol("w")
    J = x ** 3
    up, down = J.subs(x, w + sympy.Rational(1, 100)), J.subs(x, w - sympy.Rational(1, 100))
    central = (up - down) / (2 * sympy.Rational(1, 100))
    return Numbers({"2", "0.01", "3", "1/2"},
                   [("2.01", w + eps), ("1.99", w - eps), ("8.120601", float(up)),
                    ("7.880599", float(down)), ("0.02", 2 * eps), ("12.0001", float(central)),
                    ("12", float(sympy.diff(J, x).subs(x, w))), ("0.0001", eps ** 2),
                    ("3", float(sympy.Poly(sympy.diff(J, x), x).coeffs()[0]))],
                   results=("8.120601", "7.880599", "12.0001", "12", "0.0001"))


def network_output_delta() -> Numbers:
    o1, y1 = 0.8, 1.0
    z = math.log(o1 / (1 - o1))  # σ(z) = o1
    delta = slope(lambda v: 0.5 * (y1 - sigmoid(v)) ** 2, z)
    return Numbers({"2", "1", "0.8"}, [("0.2", slope(sigmoid, z) / o1), ("-0.032", delta)],
                   results=("-0.032",))


def network_weight_bias() -> Numbers:
    delta, h2, w6, eta = -0.032, 0.6, 0.45, 0.5

    def loss(w6_, b3=0.0):  # J near the point, as far as z_{o1} = w5 h1 + w6 h2 + b3 goes
        return delta * (w6_ * h2 + b3)
    dw6 = slope(loss, w6)
    return Numbers({"-0.032", "0.6", "0.45", "0.5"},
                   [("1", slope(lambda b: w6 * h2 + b, 0.0)), ("-0.0192", dw6),
                    ("-0.032", slope(lambda b: loss(w6, b), 0.0)), ("0.4596", w6 - eta * dw6)],
                   results=("-0.0192", "-0.032", "0.4596"))


def network_hidden_delta() -> Numbers:
    d_o1, d_o2, w5, w7, h1, i1 = 0.1, -0.2, 0.5, 1.0, 0.5, 2.0

    def loss_of_h1(h):  # J near the point, through z_{o1} = w5 h1 + … and z_{o2} = w7 h1 + …
        return d_o1 * w5 * h + d_o2 * w7 * h
    z_h1 = math.log(h1 / (1 - h1))
    w1 = 0.3  # any: the gradient does not depend on it near the point
    return Numbers({"1", "0.1", "-0.2", "0.5", "2"},
                   [("-0.15", slope(loss_of_h1, h1)),
                    ("-0.0375", slope(lambda z: loss_of_h1(sigmoid(z)), z_h1)),
                    ("-0.075", slope(lambda w: loss_of_h1(sigmoid(z_h1 + (w - w1) * i1)), w1))],
                   results=("-0.15", "-0.0375", "-0.075"))


def graph_local_upstream() -> Numbers:
    u, v, upstream = 3.0, -2.0, 4.0
    return Numbers({"3", "-2", "4"},
                   [("1", slope(lambda a: a + v, u)),
                    ("-8", slope(lambda a: upstream * (a * v), u)),
                    ("12", slope(lambda b: upstream * (u * b), v))], results=("-8", "12"))


def graph_fork() -> Numbers:
    x0 = 2.0
    x = sympy.Symbol("x")
    return Numbers({"3", "2"},
                   [("6", 3 * x0), ("4", x0 ** 2), ("12", x0 ** 2 * 3), ("24", 3 * x0 * 2 * x0),
                    ("36", slope(lambda t: (3 * t) * t ** 2, x0)),
                    ("9", float(sympy.Poly(sympy.diff(3 * x ** 3, x), x).coeffs()[0]))],
                   results=("6", "4", "12", "24", "36"))


def dense(X, W, b):
    return [[sum(X[n][d] * W[d][m] for d in range(len(W))) + b[m] for m in range(len(b))]
            for n in range(len(X))]


def linear_loss(dY):
    """J = Σ ∂J/∂Y ⊙ Y: a loss whose gradient at Y is the given ∂J/∂Y."""
    return lambda Y: sum(dY[n][m] * Y[n][m] for n in range(len(Y)) for m in range(len(Y[0])))


def linear_weights() -> Numbers:
    X, dY = [[1.0], [3.0]], [[2.0], [-1.0]]
    J = linear_loss(dY)
    return Numbers({"1", "3", "2", "-1"},
                   [("-1", slope(lambda w: J(dense(X, [[w]], [0.0])), 0.7))], results=("-1",))


def linear_inputs() -> Numbers:
    W, dY = [[2.0, -1.0]], [[3.0, 4.0]]
    J = linear_loss(dY)
    return Numbers({"2", "-1", "3", "4"},
                   [("2", slope(lambda x: J(dense([[x]], W, [0.0, 0.0])), 0.4))], results=("2",))


def linear_shapes() -> Numbers:
    N, D, M = 32, 100, 10

    def shape(a, b):  # a matrix product's shape, refused when the inner sizes differ
        assert a[1] == b[0]
        return (a[0], b[1])
    dW, dX = shape((D, N), (N, M)), shape((N, M), (M, D))
    assert dW == (D, M) and dX == (N, D)  # the shapes of W and X
    return Numbers({"32", "100", "10"}, claims=(
        rf"\({dW[0]} \times {dW[1]}\), from \(({D} \times {N})({N} \times {M})\)",
        rf"\({dX[0]} \times {dX[1]}\), from \(({N} \times {M})({M} \times {D})\)"))


def linear_bias() -> Numbers:
    X, W = [[0.5], [1.0], [-2.0]], [[1.5, 0.5]]
    dY = [[1.0, -2.0], [3.0, 0.0], [-1.0, 4.0]]
    J = linear_loss(dY)
    return Numbers({"1", "-2", "3", "0", "-1", "4"},
                   [("3", slope(lambda v: J(dense(X, W, [v, 0.0])), 0.1)),
                    ("2", slope(lambda v: J(dense(X, W, [0.0, v])), 0.1))], results=("3", "2"))


def linear_weight_decay() -> Numbers:
    lam, w11, data = 0.1, 2.0, -1.0  # data: the entry of Xᵀ ∂J/∂Y, the data's slope in W11
    return Numbers({"0.1", "2", "-1", "1"},
                   [("-0.8", slope(lambda w: data * w + lam / 2 * w ** 2, w11))],
                   results=("-0.8",))


def softmax_jacobian() -> Numbers:
    z = [0.0, math.log(3)]
    y = softmax(z)
    return Numbers({"1", "0", "3"},
                   [("(1, 3)", tuple(math.exp(v) for v in z)), ("4", sum(math.exp(v) for v in z)),
                    ("(0.25, 0.75)", tuple(y)), ("-0.25", -y[0]),
                    ("0.1875", slope(lambda a: softmax([a, z[1]])[0], z[0])),
                    ("-0.1875", slope(lambda b: softmax([z[0], b])[0], z[1]))],
                   results=("(1, 3)", "4", "(0.25, 0.75)", "0.1875", "-0.1875"))


def softmax_cross_entropy() -> Numbers:
    z, target = [0.0, math.log(2), 0.0], 1  # class 2, counted from 1

    def J(v):
        return -math.log(softmax(v)[target])
    return Numbers({"1", "0", "2", "0.5"},
                   [("(1, 2, 1)", tuple(math.exp(v) for v in z)),
                    ("(0.25, 0.5, 0.25)", tuple(softmax(z))), ("0.6931", J(z)),
                    ("(0.25, -0.5, 0.25)", tuple(gradient(J, z)))],
                   results=("(1, 2, 1)", "(0.25, 0.5, 0.25)", "0.6931", "(0.25, -0.5, 0.25)"))


def sigmoid_cross_entropy() -> Numbers:
    z, y = math.log(3), 1.0

    def J(v):
        p = sigmoid(v)
        return -y * math.log(p) - (1 - y) * math.log(1 - p)
    return Numbers({"1", "0", "3"},
                   [("3/4", sigmoid(z)), ("0.75", sigmoid(z)), ("-0.25", slope(J, z))],
                   results=("3/4", "0.75", "-0.25"))


def softmax_batch_mean() -> Numbers:
    N = 4
    z = [0.0, math.log(4)]  # ŷ = (0.2, 0.8): the target class (the first) gets 0.2
    assert math.isclose(softmax(z)[0], 0.2)

    def J(first):  # the mean over 4 examples; only example 1's logits move
        return (-math.log(softmax([first, z[1]])[0]) + 3 * 0.7) / N
    return Numbers({"1", "4", "0.2"}, [("-0.2", slope(J, z[0]))], results=("-0.2",))


def chain(x, weights, biases, f=sigmoid) -> float:
    a = x
    for w, b in zip(weights, biases, strict=True):
        a = f(w * a + b)
    return a


def chain_product() -> Numbers:
    """Three layers, as the front asks: ∂a₃/∂x."""
    x, w, b = 1.0, [2.0, 4.0, 2.0], [-2.0, -2.0, -1.0]
    a1 = sigmoid(w[0] * x + b[0])
    a2 = sigmoid(w[1] * a1 + b[1])
    return Numbers({"1", "2", "-2", "4", "-1"},
                   [("0", w[0] * x + b[0]), ("0", w[1] * a1 + b[1]), ("0", w[2] * a2 + b[2]),
                    ("0.5", a1), ("0.5", a2), ("0.25", slope(sigmoid, 0.0)),
                    ("0.5", w[0] * slope(sigmoid, 0.0)), ("1", w[1] * slope(sigmoid, 0.0)),
                    ("0.25", slope(lambda v: chain(v, w, b), x))],
                   results=("0", "0.5", "0.25"), claims=(r"\frac{\partial a_3}{\partial x}",))


def chain_weight() -> Numbers:
    x, w, b = 1.0, [2.0, 4.0], [-2.0, -2.0]
    a1 = sigmoid(w[0] * x + b[0])
    return Numbers({"1", "2", "-2", "4"},
                   [("0", w[0] * x + b[0]), ("0", w[1] * a1 + b[1]), ("0.5", a1),
                    ("0.25", slope(sigmoid, 0.0)),
                    ("0.25", slope(lambda v: chain(x, [v, w[1]], b), w[0])),
                    ("0.125", slope(lambda v: chain(x, [w[0], v], b), w[1]))],
                   results=("0", "0.25", "0.125"))


def chain_vanishing() -> Numbers:
    s = sympy.Symbol("s")
    peak = sympy.solve(sympy.diff(s * (1 - s), s), s)[0]
    biases = [0.0, -0.5, -0.5, -0.5, -0.5]  # every z_k = 0 from x = 0: the largest case
    return Numbers({"1", "0", "-0.5"},
                   [("0.25", float((s * (1 - s)).subs(s, peak))), ("0.5", float(peak)),
                    ("0.5", sigmoid(0.0)),
                    ("0.000977", slope(lambda v: chain(v, [1.0] * 5, biases), 0.0, 1e-4))],
                   results=("0.5", "0.000977"))


def chain_exploding() -> Numbers:
    return Numbers({"1", "2"},
                   [("1024", slope(lambda v: chain(v, [2.0] * 10, [0.0] * 10, f=lambda z: z),
                                   0.3))], results=("1024",))


def rnn_unroll() -> Numbers:
    h = rnn_states(0.5, 1.0, 0.0, 0.0, [1.0, 2.0])
    return Numbers({"1", "0.5", "0", "2"}, [("1", h[1]), ("2.5", h[2])], results=("1", "2.5"))


def rnn_loss(w_h=0.5, w_x=1.0, h1=None):
    """J = Σ ½(hₜ − yₜ)² of the example RNN (linear, b = 0, h₀ = 0, x = (1, 2), y = (0, 2));
    ``h1`` replaces the first state, to take ∂J/∂h₁."""
    h = rnn_states(w_h, w_x, 0.0, 0.0, [1.0, 2.0])
    if h1 is not None:
        h = [h[0], h1, w_h * h1 + w_x * 2.0]
    return 0.5 * (h[1] - 0.0) ** 2 + 0.5 * (h[2] - 2.0) ** 2


def rnn_recursion() -> Numbers:
    h = rnn_states(0.5, 1.0, 0.0, 0.0, [1.0, 2.0])
    assert h[1:] == [1.0, 2.5]
    return Numbers({"1", "0", "0.5", "2.5", "2"},
                   [("0.5", slope(lambda v: 0.5 * (v - 2.0) ** 2, h[2])),
                    ("1.25", slope(lambda v: rnn_loss(h1=v), h[1]))], results=("0.5", "1.25"))


def rnn_shared_weight() -> Numbers:
    return Numbers({"0", "1", "2"},
                   [("1.25", slope(lambda v: rnn_loss(h1=v), 1.0)),
                    ("0.5", slope(lambda v: 0.5 * (v - 2.0) ** 2, 2.5)),
                    ("0.5", slope(lambda v: rnn_loss(w_h=v), 0.5)),
                    ("2.25", slope(lambda v: rnn_loss(w_x=v), 1.0))], results=("0.5", "2.25"))


def conv_forward() -> Numbers:
    y = correlate([1.0, 2.0, 3.0, 0.0], [1.0, -1.0])
    return Numbers({"1", "2", "3", "0", "-1"}, [("-1", y[0]), ("-1", y[1]), ("3", y[2])],
                   results=("-1", "3"))


def conv_kernel() -> Numbers:
    x, dy = [1.0, 2.0, 3.0, 0.0], [1.0, 0.0, 2.0]
    dk = gradient(lambda k: dot(dy, correlate(x, k)), [0.3, -0.4])
    return Numbers({"1", "2", "3", "0"}, [("7", dk[0]), ("2", dk[1])], results=("7", "2"))


def conv_input() -> Numbers:
    k, dy = [1.0, -1.0], [1.0, 0.0, 2.0]
    dx = gradient(lambda x: dot(dy, correlate(x, k)), [0.5, 0.1, -0.3, 0.2])
    return Numbers({"1", "-1", "0", "2", "4"},
                   [("1", dx[0]), ("-1", dx[1]), ("2", dx[2]), ("-2", dx[3])],
                   results=("1", "-1", "2", "-2"))


def conv_stride() -> Numbers:
    k, dy = [1.0, 2.0, 3.0], [1.0, -1.0]
    dx = gradient(lambda x: dot(dy, correlate(x, k, stride=2)), [0.1, 0.2, 0.3, 0.4, 0.5])

    def window(i):  # output i+1 as the sum of its inputs, from the correlation itself
        terms = []
        for j in range(5):
            coefficient = slope(lambda v, j=j: correlate(
                [v if q == j else 0.0 for q in range(5)], k, stride=2)[i], 0.0)
            if round(coefficient):
                terms.append(("" if round(coefficient) == 1 else str(round(coefficient)))
                             + f"X_{j + 1}")
        return " + ".join(terms)
    return Numbers({"5", "1", "2", "3", "-1"}, [("2", dx[1]), ("2", dx[2])], results=("2",),
                   claims=(rf"\(Y_1 = {window(0)}\)", rf"\(Y_2 = {window(1)}\)"))


def conv_padding() -> Numbers:
    k, dy = [1.0, -1.0, 2.0], [2.0, 1.0]

    def loss(padded):  # the padded input's cells all as variables
        return dot(dy, correlate(padded, k))
    padded = gradient(loss, [0.0, 1.0, 2.0, 0.0])
    outputs = len(correlate([1.0, 2.0], k, pad=1))
    n, m, s, P = 2, 3, 1, 1
    assert outputs == (n + 2 * P - m) // s + 1 == 2
    return Numbers({"1", "2", "0", "-1"},
                   [("-1", padded[1]), ("3", padded[2]), ("2", padded[0]), ("2", padded[3])],
                   results=("-1", "3", "2"))


def pool_max() -> Numbers:
    window, upstream = [1.0, 3.0, 2.0, 0.0], 5.0
    grads = gradient(lambda x: upstream * max(x), window)
    shown = ", ".join(f"{g:.0f}" for g in grads)
    return Numbers({"1", "0", "2", "3", "5"},
                   [("1", slope(lambda v: max(window[0], v, *window[2:]), 3.0)),
                    ("0", slope(lambda v: max(v, *window[1:]), 1.0))],
                   results=("1",), claims=(rf"get \({shown}\)",))


def pool_average() -> Numbers:
    def average(x):
        return sum(x) / len(x)
    return Numbers({"2", "4", "8"},
                   [("1/4", gradient(average, [1.0, 2.0, 3.0, 4.0])[0]), ("8/4", 8 / 4),
                    ("2", gradient(lambda x: 8 * average(x), [1.0, 2.0, 3.0, 4.0])[0])],
                   results=("1/4", "2"))


def pool_overlap() -> Numbers:
    x, dy = [1.0, 3.0, 2.0], [1.0, 2.0]

    def pooled(values, how):
        return [how(values[i:i + 2]) for i in range(len(values) - 1)]
    most = gradient(lambda v: dot(dy, pooled(v, max)), x)
    mean = gradient(lambda v: dot(dy, pooled(v, lambda w: sum(w) / 2)), x)
    return Numbers({"2", "1", "3", "0"},
                   [("(0, 3, 0)", tuple(most)), ("(0.5, 1.5, 1)", tuple(mean)),
                    ("0.5", dy[0] / 2), ("3", max(1.0, 3.0)), ("3", max(3.0, 2.0))],
                   results=("(0, 3, 0)", "(0.5, 1.5, 1)"))


BN_X, BN_DY, BN_GAMMA = [1.0, 1.0, 3.0, 3.0], [1.0, 0.0, 0.0, 0.0], 2.0


def batchnorm_scale_shift() -> Numbers:
    mean = sum(BN_X) / 4
    var = sum((v - mean) ** 2 for v in BN_X) / 4

    def loss(gamma, beta):
        return dot(BN_DY, [gamma * v + beta for v in batch_norm(BN_X)])
    return Numbers({"0", "1", "3", "2"},
                   [("2", mean), ("1", var), ("(-1, -1, 1, 1)", tuple(batch_norm(BN_X))),
                    ("-1", slope(lambda g: loss(g, 0.5), BN_GAMMA)),
                    ("1", slope(lambda b: loss(BN_GAMMA, b), 0.5)),
                    ("(2, 0, 0, 0)", tuple(gradient(
                        lambda xhat: dot(BN_DY, [BN_GAMMA * v for v in xhat]),
                        batch_norm(BN_X))))],
                   results=("2", "1", "(-1, -1, 1, 1)", "-1", "1", "(2, 0, 0, 0)"))


def bn_loss(x):
    """J = Σ γ ∂J/∂Yₙ x̂ₙ: the batch-norm example's loss, near the point."""
    return dot(BN_DY, [BN_GAMMA * v for v in batch_norm(x)])


def batchnorm_paths() -> Numbers:
    mean = sum(BN_X) / 4
    s = math.sqrt(sum((v - mean) ** 2 for v in BN_X) / 4)
    g = [BN_GAMMA * d for d in BN_DY]

    def through_mean(mu):  # x̂ₘ = (xₘ − μ)/s with s held
        return dot(g, [(v - mu) / s for v in BN_X])

    def through_variance(var):  # with μ held
        return dot(g, [(v - mean) / math.sqrt(var) for v in BN_X])
    return Numbers({"1", "2", "0", "3", "-1", "4", "1/4"},
                   [("2", mean), ("1", s), ("(-1, -1, 1, 1)", tuple(batch_norm(BN_X))),
                    ("(2, 0, 0, 0)", tuple(g)), ("-2", slope(through_mean, mean)),
                    ("1", slope(through_variance, s * s)),
                    ("1/4", slope(lambda v: (v + sum(BN_X[1:])) / 4, BN_X[0])),
                    ("-1", BN_X[0] - mean), ("1", gradient(bn_loss, BN_X)[0])],
                   results=("-2", "1"))


def batchnorm_formula() -> Numbers:
    xhat = batch_norm(BN_X)
    g = [BN_GAMMA * d for d in BN_DY]
    mean_g, mean_gx = sum(g) / 4, dot(g, xhat) / 4
    dx = gradient(bn_loss, BN_X)
    return Numbers({"1", "3", "0", "2", "4"},
                   [("1", math.sqrt(sum((v - 2) ** 2 for v in BN_X) / 4)),
                    ("(-1, -1, 1, 1)", tuple(xhat)), ("(2, 0, 0, 0)", tuple(g)),
                    ("0.5", mean_g), ("-0.5", mean_gx), ("-0.5", -xhat[0] * mean_gx),
                    ("0.5", -xhat[2] * mean_gx), ("1", dx[0]), ("-1", dx[1]), ("0", dx[2]),
                    ("0", dx[3]), ("0", sum(dx))],
                   results=("0.5", "-0.5", "1", "-1", "0"))


def notation() -> Numbers:
    return Numbers({"1"})  # indices count from 1


EXAMPLES = {
    "notation": notation,
    "gradient-check": gradient_check,
    "concept-network-output-delta": network_output_delta,
    "concept-network-weight-bias": network_weight_bias,
    "concept-network-hidden-delta": network_hidden_delta,
    "concept-graph-local-upstream": graph_local_upstream,
    "concept-graph-fork": graph_fork,
    "concept-linear-weights": linear_weights,
    "concept-linear-inputs": linear_inputs,
    "concept-linear-shapes": linear_shapes,
    "concept-linear-bias": linear_bias,
    "concept-linear-weight-decay": linear_weight_decay,
    "concept-softmax-jacobian": softmax_jacobian,
    "concept-softmax-cross-entropy": softmax_cross_entropy,
    "concept-sigmoid-cross-entropy": sigmoid_cross_entropy,
    "concept-softmax-batch-mean": softmax_batch_mean,
    "concept-chain-product": chain_product,
    "concept-chain-weight": chain_weight,
    "concept-chain-vanishing": chain_vanishing,
    "concept-chain-exploding": chain_exploding,
    "concept-rnn-unroll": rnn_unroll,
    "concept-rnn-recursion": rnn_recursion,
    "concept-rnn-shared-weight": rnn_shared_weight,
    "concept-conv-forward": conv_forward,
    "concept-conv-kernel": conv_kernel,
    "concept-conv-input": conv_input,
    "concept-conv-stride": conv_stride,
    "concept-conv-padding": conv_padding,
    "concept-pool-max": pool_max,
    "concept-pool-average": pool_average,
    "concept-pool-overlap": pool_overlap,
    "concept-batchnorm-scale-shift": batchnorm_scale_shift,
    "concept-batchnorm-paths": batchnorm_paths,
    "concept-batchnorm-formula": batchnorm_formula,
}


# Reading a card's numbers.

NUMBER = re.compile(r"(?<![\w.])-?\d+(?:\.\d+)?(?:/\d+)?")


def card_text(card) -> str:
    """Front, back and extra as written, minus signs as '-', lines folded."""
    text = " ".join((card.front, card.back, card.extra)).replace("−", "-")
    return re.sub(r"\s+", " ", text)


def number_tokens(text: str) -> set[str]:
    """The numbers a card states. Indices and exponents are names and formulas, not
    stated numbers (w_5, x^2); a fraction of two numbers is one number (1/4)."""
    text = re.sub(r"\\[td]?frac\{(-?\d+(?:\.\d+)?)\}\{(\d+(?:\.\d+)?)\}", r" \1/\2 ", text)
    previous = None
    while previous != text:
        previous, text = text, re.sub(r"[_^]\{[^{}]*\}", " ", text)
    text = re.sub(r"[_^]\\?[A-Za-z0-9]+", " ", text)
    return set(NUMBER.findall(text))


def as_numbers(token: str) -> tuple[float, ...]:
    """"-0.5" → (-0.5,); "1/4" → (0.25,); "(1, 3)" → (1.0, 3.0)."""
    def one(text: str) -> float:
        top, _, bottom = text.strip().partition("/")
        return float(top) / float(bottom) if bottom else float(top)
    return tuple(one(part) for part in token.strip("()").split(","))


def decimals(token: str) -> int:
    return len(token.split(".")[1]) if "." in token and "/" not in token else 0


def agrees(token: str, value) -> bool:
    """The written number is the value, to the figures written (whole numbers exactly)."""
    values = value if isinstance(value, tuple) else (value,)
    parts = token.strip("()").split(", ")
    written = as_numbers(token)
    if len(written) != len(values):
        return False
    return all(abs(w - v) <= (0.5 * 10 ** -decimals(p) if decimals(p) else 1e-6)
               for w, v, p in zip(written, values, parts, strict=True))


@pytest.mark.parametrize("card_id", list(EXAMPLES))
def test_every_number_on_the_card_is_the_maths(card_id):
    card = CARDS[card_id]
    numbers = EXAMPLES[card_id]()
    text = card_text(card)
    stated = number_tokens(text)
    covered = set(numbers.given)
    for token, value in numbers.values:
        assert agrees(token, value), (token, value)
        covered |= number_tokens(token) if token.startswith("(") else {token}
    assert stated == covered, (f"on the card, not checked: {sorted(stated - covered)}; "
                               f"checked, not on the card: {sorted(covered - stated)}")
    for token in numbers.results:
        assert f"= {token}" in text or rf"\approx {token}" in text, token
    for claim in numbers.claims:
        assert claim in text, claim


def test_every_concept_card_has_its_numbers_checked():
    checked = {*EXAMPLES} - {"notation", "gradient-check"}
    assert checked == {card.id for card in CONCEPTS}


def test_the_token_reader_sees_values_not_indices():
    assert number_tokens(r"\(w_5 = -0.5\), \(x^2 + \tfrac{1}{4}\), \(z_{o_1} - 2\)") == {
        "-0.5", "1/4", "2"}
    assert agrees("(0.25, -0.5)", (0.25, -0.5)) and not agrees("0.25", 0.2)
    assert not agrees("12", 12.4) and agrees("0.000977", 0.25 ** 5)


# The cards' shape: where they are, what they teach.

def test_each_practice_topic_is_taught_by_concept_cards_in_the_practice_deck():
    topics = {}
    for card in CONCEPTS:
        (topic,) = set(card.tags) & set(TOPICS)
        topics.setdefault(topic, []).append(card.id)
        assert card.deck == "7 Practice"
        assert "Example" in card.extra, card.id  # the rule, why, and a worked example
    assert set(topics) == set(TOPICS)
    for tag in ("notation", "gradient-check"):
        (card,) = [c for c in CARDS.values() if tag in c.tags]
        assert card.deck == "7 Practice"


def test_the_network_concept_cards_and_the_chain_rule_cards_show_the_lecture():
    """And the lecture example's own cards: a learner sees its network, with its inputs,
    biases and targets, before a card asks about its numbers (review 2026-12-08, 2.1)."""
    shown = {card.id for card in CARDS.values()
             if card.figure is not None and card.figure.network == "lecture"}
    chain_rule = {card.id for card in CARDS.values() if card.deck == "4 Chain rule"}
    network = {card.id for card in CONCEPTS if "network" in card.tags}
    lecture = {card.id for card in CARDS.values() if card.deck == "6 Lecture example"}
    assert lecture == {"numeric-forward-pass", "lecture-activation", "lecture-first-loss"}
    assert chain_rule and network and shown == chain_rule | network | lecture


LECTURE_NAMES = re.compile(r"\\hat y_\d|\bz_\d|\\delta_[a-z]\b|\\delta_\{?k|w_\{?kh")


def test_the_lecture_network_cards_use_the_lecture_names():
    """o₁, z_{o₁}, δ_{o₁} where the lecture network is used: never ŷ₁, a bare z₁ or δₖ."""
    for card in CARDS.values():
        if card.deck == "4 Chain rule" or "network" in card.tags:
            assert not LECTURE_NAMES.search(card_text(card)), card.id


def test_no_card_but_the_seed_ones_uses_a_retired_symbol():
    """docs/notation.md: the loss is J (never L), the target y (never t), the output ŷ
    (never p), and δ only ever an error term."""
    retired = re.compile(r"\\partial L\b|\bL_n\b|\bt_n\b|\\delta_\{?ij|\bp_\{?[0-9nk]")
    for card in CARDS.values():
        if "seed" not in card.tags:
            assert not retired.search(card_text(card)), card.id



# What the review of 2026-12-08 found on the concept and notation cards.

def _tex_letters(text: str) -> set[str]:
    r"""The one-letter symbols a card's formulas use, as names: s in \(s = …\), m in
    \(W_{dm}\) or \(\sum_m\), but not the letters of \ln, \sqrt or \text{via}."""
    from symbols import tex_symbols

    letters = set()
    for formula in re.findall(r"\\\((.*?)\\\)|\\\[(.*?)\\\]", text, re.S):
        tex = re.sub(r"\\text\{[^{}]*\}", " ", "".join(formula))
        for symbol in tex_symbols(tex):
            letters.add(symbol.base)
            letters |= set(re.findall(r"(?<![A-Za-z\\])[a-z](?![A-Za-z])", symbol.sub))
        letters |= set(re.findall(r"\\sum_\{?([a-z])", tex))
    return letters


def test_each_letter_means_one_thing_on_the_lessons():
    """Report 3.4: s stood for σ(z), the stride and √(σ² + ε); m for a dense layer's
    output, a kernel's length and another example. s is the stride (conv), m a dense
    layer's output index (linear), and no other lesson writes them."""
    owners = {"s": {"conv"}, "m": {"linear"}}
    lessons = [c for c in CARDS.values() if {"concept", "notation"} & set(c.tags)]
    found = {letter: set() for letter in owners}
    for card in lessons:
        letters = _tex_letters(card_text(card))
        for letter in owners:
            if letter in letters:
                found[letter] |= set(card.tags) & set(TOPICS) or {card.id}
    assert found == owners


def test_the_lessons_own_examples_say_they_are_not_the_lectures():
    """Report 4.4: an example with i₁ = 2 beside a drawing of i₁ = 0.05 says its numbers
    are its own, on every card that draws the lecture network."""
    for card in CONCEPTS:
        if card.figure is not None and "Example" in card.extra:
            assert "Example, with numbers of our own (not the lecture's)" in card.extra, card.id


def test_the_update_names_the_weight_after_the_step():
    """Report 3.6: "w₆ = 0.45 − … = 0.4596" wrote the new weight as the old one."""
    extra = " ".join(CARDS["concept-network-weight-bias"].extra.split())
    assert r"w_6^+ &= 0.45 - 0.5 \cdot (-0.0192)" in extra
    assert not re.search(r"w_6 &= 0\.45", extra)


def test_the_deep_chain_example_computes_what_the_front_asks():
    """Report 4.5: the front asked ∂a₃/∂x and the example computed ∂a₂/∂x."""
    card = CARDS["concept-chain-product"]
    asked = re.findall(r"\\partial (a_\d)/\\partial x", card.front)
    example = card.extra.split("Example")[1]
    computed = re.findall(r"\\frac\{\\partial (a_\d)\}\{\\partial x\}", example)
    assert asked == ["a_3"] and computed == ["a_3"]
    assert "w_3 = 2" in example and "b_3 = -1" in example
    weight = CARDS["concept-chain-weight"]
    assert "gradient" not in weight.front and "how does the output move" in weight.front


def test_a_layers_lesson_says_what_the_layer_computes_on_its_front():
    """Report 2.5: the fronts of the RNN and pooling lessons asked about a layer they never
    defined (the RNN only in the extra)."""
    assert r"h_t = f(w_h h_{t-1} + w_x x_t + b)" in " ".join(
        CARDS["concept-rnn-unroll"].front.split())
    assert "largest input of each window" in " ".join(CARDS["concept-pool-max"].front.split())
    assert "mean of each window" in " ".join(CARDS["concept-pool-average"].front.split())


def test_the_input_gradient_of_a_convolution_is_a_cross_correlation():
    """Report 1.4: after concept-conv-forward says the convolution of mathematics flips,
    "a full convolution … with the kernel flipped" flips twice. ∂J/∂X is a full
    cross-correlation of the zero-padded ∂J/∂Y with the flipped kernel, and checked here
    (test_convolution_rules checks the rule on random layers)."""
    back = " ".join(CARDS["concept-conv-input"].back.split())
    assert "a full cross-correlation of \\(\\partial J/\\partial Y\\), zero-padded, with the " \
           "flipped kernel" in back
    assert "full convolution" not in back
    k, dy = [1.0, -1.0], [1.0, 0.0, 2.0]
    full = correlate(dy, k[::-1], pad=len(k) - 1)
    assert full == pytest.approx(gradient(lambda x: dot(dy, correlate(x, k)), [0.1] * 4))


def test_the_rnn_recursion_keeps_error_for_the_output_error():
    """Report 3.1: "the step's own error" for ∂Jₜ/∂hₜ."""
    back = " ".join(CARDS["concept-rnn-recursion"].back.split())
    assert "own error" not in back and r"the gradient of the step's own loss \(J_t\)" in back


def test_the_notation_card_asks_one_thing_and_fits_a_phone():
    """Report 4.1: the front asked for six symbols, the extra ran to about 1,550
    characters. One question; the rest said on the front, or short on the back; and the
    numbering of other networks' weights said (report 3.2)."""
    card = CARDS["notation"]
    front = " ".join(card.front.split())
    assert front.count("?") == 1 and front.endswith(r"What is a unit's error term \(\delta\)?")
    assert len(card.back) < 250 and len(card.extra) < 750
    assert r"\(\delta = \partial J/\partial z\)" in card.back
    extra = " ".join(card.extra.split())
    assert ("Other networks number weights the same way: layer by layer, each unit's "
            "incoming weights in order; biases one per unit.") in extra
    doc = " ".join((ROOT / "docs" / "notation.md").read_text(encoding="utf-8").split())
    assert ("number their weights the same way: layer by layer, each unit's incoming "
            "weights in order; biases one per unit") in doc


def test_softmax_lessons_write_the_jacobian_in_one_form():
    """Report 3.5: (k, i), (i, j) and (k, j) for the same Jacobian, j also a summation
    dummy. Now ∂ŷₖ/∂zⱼ = ŷₖ(1[k = j] − ŷⱼ), and a sum over classes runs over c."""
    jacobian = " ".join(CARDS["concept-softmax-jacobian"].back.split())
    assert (r"\frac{\partial \hat y_k}{\partial z_j} = \hat y_k \bigl(\mathbf{1}[k = j] - "
            r"\hat y_j\bigr)") in jacobian
    for card in (CARDS["concept-softmax-jacobian"], CARDS["concept-softmax-cross-entropy"]):
        text = card_text(card)
        sums = re.findall(r"\\sum_\{?([a-z])", text)
        assert sums and set(sums) == {"c"}, card.id
        assert not re.search(r"\\partial \\hat y_\{?[ij]\}?\s*/\s*\\partial", text), card.id


# The rules the cards state, on random inputs.

RNG = random.Random(26)


def test_output_and_hidden_error_terms_on_the_lecture_network():
    """δ_{o1} = (o1 − y1) o1(1 − o1) and δ_{h1} = (w5 δ_{o1} + w7 δ_{o2}) h1(1 − h1), on
    the lecture's own numbers, against finite differences of its loss."""
    lecture = {n.id: n for n in load(ROOT / "cards.yaml").networks}["lecture"].network
    (w1, w2), (w3, w4) = lecture.weights[0]
    (w5, w6), (w7, w8) = lecture.weights[1]
    (b1, b2), (b3, b4) = lecture.biases
    i1, i2 = lecture.inputs
    y1, y2 = lecture.targets

    def loss(z_h1=None, z_o1=None):
        zh1 = w1 * i1 + w2 * i2 + b1 if z_h1 is None else z_h1
        h1, h2 = sigmoid(zh1), sigmoid(w3 * i1 + w4 * i2 + b2)
        zo1 = w5 * h1 + w6 * h2 + b3 if z_o1 is None else z_o1
        o1, o2 = sigmoid(zo1), sigmoid(w7 * h1 + w8 * h2 + b4)
        return 0.5 * (y1 - o1) ** 2 + 0.5 * (y2 - o2) ** 2
    h1, h2 = sigmoid(w1 * i1 + w2 * i2 + b1), sigmoid(w3 * i1 + w4 * i2 + b2)
    o1, o2 = sigmoid(w5 * h1 + w6 * h2 + b3), sigmoid(w7 * h1 + w8 * h2 + b4)
    d_o1, d_o2 = (o1 - y1) * o1 * (1 - o1), (o2 - y2) * o2 * (1 - o2)
    assert d_o1 == pytest.approx(slope(lambda z: loss(z_o1=z), w5 * h1 + w6 * h2 + b3))
    d_h1 = (w5 * d_o1 + w7 * d_o2) * h1 * (1 - h1)
    assert d_h1 == pytest.approx(slope(lambda z: loss(z_h1=z), w1 * i1 + w2 * i2 + b1))


def random_matrix(rows, cols):
    return [[RNG.uniform(-2, 2) for _ in range(cols)] for _ in range(rows)]


def entry_gradient(f, M, r, c):
    def moved(v):
        return [[v if (i, j) == (r, c) else x for j, x in enumerate(row)]
                for i, row in enumerate(M)]
    return slope(lambda v: f(moved(v)), M[r][c])


def test_dense_layer_rules():
    """∂J/∂W = Xᵀ ∂J/∂Y, ∂J/∂X = ∂J/∂Y Wᵀ, ∂J/∂b the column sums, weight decay's λW."""
    N, D, M, lam = 3, 2, 4, 0.3
    X, W, b, dY = random_matrix(N, D), random_matrix(D, M), random_matrix(1, M)[0], \
        random_matrix(N, M)
    J = linear_loss(dY)
    for d in range(D):
        for m in range(M):
            rule = sum(X[n][d] * dY[n][m] for n in range(N))
            assert rule == pytest.approx(entry_gradient(lambda w: J(dense(X, w, b)), W, d, m))
            decayed = entry_gradient(lambda w: J(dense(X, w, b)) + lam / 2 * sum(
                v ** 2 for row in w for v in row), W, d, m)
            assert rule + lam * W[d][m] == pytest.approx(decayed)
    for n in range(N):
        for d in range(D):
            rule = sum(dY[n][m] * W[d][m] for m in range(M))
            assert rule == pytest.approx(entry_gradient(lambda x: J(dense(x, W, b)), X, n, d))
    for m in range(M):
        rule = sum(dY[n][m] for n in range(N))
        assert rule == pytest.approx(entry_gradient(lambda v: J(dense(X, W, v[0])), [b], 0, m))


@pytest.mark.parametrize("case", range(5))
def test_softmax_and_cross_entropy_rules(case):
    rng = random.Random(case)
    C, N = rng.randint(2, 4), rng.randint(1, 4)
    z = [rng.uniform(-2, 2) for _ in range(C)]
    target, t, s = rng.randrange(C), rng.random(), rng.uniform(-3, 3)
    y = softmax(z)
    for k in range(C):
        column = gradient(lambda v, k=k: softmax(v)[k], z)
        for j in range(C):
            rule = y[k] * (1 - y[k]) if j == k else -y[k] * y[j]
            assert rule == pytest.approx(column[j])
    ce = gradient(lambda v: -math.log(softmax(v)[target]), z)
    mean = gradient(lambda v: (-math.log(softmax(v)[target]) + 1.0) / N, z)
    for j in range(C):
        assert y[j] - (j == target) == pytest.approx(ce[j], abs=1e-8)
        assert (y[j] - (j == target)) / N == pytest.approx(mean[j], abs=1e-8)
    bce = slope(lambda v: -t * math.log(sigmoid(v)) - (1 - t) * math.log(1 - sigmoid(v)), s)
    assert sigmoid(s) - t == pytest.approx(bce, abs=1e-8)


@pytest.mark.parametrize(("f", "df"), [
    (sigmoid, lambda z: sigmoid(z) * (1 - sigmoid(z))),
    (math.tanh, lambda z: 1 - math.tanh(z) ** 2)], ids=["sigmoid", "tanh"])
def test_deep_chain_rules(f, df):
    """∂a_D/∂x is the product of wₖ f′(zₖ); a weight's gradient puts aₖ₋₁ for its own w,
    a bias's 1."""
    depth = RNG.randint(2, 5)
    w = [RNG.uniform(-2, 2) for _ in range(depth)]
    b = [RNG.uniform(-1, 1) for _ in range(depth)]
    x = RNG.uniform(-1, 1)
    a, z = [x], []
    for k in range(depth):
        z.append(w[k] * a[-1] + b[k])
        a.append(f(z[-1]))
    product = math.prod(w[k] * df(z[k]) for k in range(depth))
    assert product == pytest.approx(slope(lambda v: chain(v, w, b, f), x), abs=1e-8)
    above = math.prod(w[k] * df(z[k]) for k in range(1, depth))
    assert a[0] * df(z[0]) * above == pytest.approx(
        slope(lambda v: chain(x, [v, *w[1:]], b, f), w[0]), abs=1e-8)
    assert df(z[0]) * above == pytest.approx(
        slope(lambda v: chain(x, w, [v, *b[1:]], f), b[0]), abs=1e-8)


def test_the_sigmoid_slope_is_at_most_a_quarter():
    """σ′ ≤ 0.25, as s(1 − s) = 0.25 − (s − 0.5)²."""
    s = sympy.Symbol("s")
    half, quarter = sympy.Rational(1, 2), sympy.Rational(1, 4)
    assert sympy.expand(s * (1 - s) - (quarter - (s - half) ** 2)) == 0
    assert max(sigmoid(z / 100) * (1 - sigmoid(z / 100)) for z in range(-1000, 1001)) == 0.25


def test_backpropagation_through_time_rules():
    """∂J/∂hₜ = ∂Jₜ/∂hₜ + ∂J/∂hₜ₊₁ f′(zₜ₊₁) w_h, and the shared weights' sums over steps."""
    T = 3
    w_h, w_x, b, h0 = 0.7, -0.4, 0.2, 0.3
    xs = [RNG.uniform(-1, 1) for _ in range(T)]
    ys = [RNG.uniform(-1, 1) for _ in range(T)]

    def loss(w_h=w_h, w_x=w_x, b=b, at=None, h_at=None):
        h, total = h0, 0.0
        for t in range(T):
            h = math.tanh(w_h * h + w_x * xs[t] + b)
            if t == at:
                h = h_at
            total += 0.5 * (h - ys[t]) ** 2
        return total
    h = rnn_states(w_h, w_x, b, h0, xs, math.tanh)
    z = [None] + [w_h * h[t - 1] + w_x * xs[t - 1] + b for t in range(1, T + 1)]
    dh = [0.0] * (T + 2)
    for t in range(T, 0, -1):
        after = dh[t + 1] * (1 - math.tanh(z[t + 1]) ** 2) * w_h if t < T else 0.0
        dh[t] = (h[t] - ys[t - 1]) + after
        assert dh[t] == pytest.approx(slope(lambda v, t=t: loss(at=t - 1, h_at=v), h[t]))
    delta = [None] + [dh[t] * (1 - math.tanh(z[t]) ** 2) for t in range(1, T + 1)]
    assert sum(delta[t] * h[t - 1] for t in range(1, T + 1)) == pytest.approx(
        slope(lambda v: loss(w_h=v), w_h))
    assert sum(delta[t] * xs[t - 1] for t in range(1, T + 1)) == pytest.approx(
        slope(lambda v: loss(w_x=v), w_x))
    assert sum(delta[1:]) == pytest.approx(slope(lambda v: loss(b=v), b))


@pytest.mark.parametrize(("stride", "pad"), [(1, 0), (2, 0), (1, 1), (2, 1)])
def test_convolution_rules(stride, pad):
    """∂J/∂K: X correlated with ∂J/∂Y; ∂J/∂X: ∂J/∂Y, zero-padded (and spread out by the
    stride), correlated with the flipped kernel, the padding's share dropped; the output
    size ⌊(n + 2P − m)/s⌋ + 1."""
    n, m = 6, 3
    x, k = [RNG.uniform(-2, 2) for _ in range(n)], [RNG.uniform(-2, 2) for _ in range(m)]
    size = (n + 2 * pad - m) // stride + 1
    assert len(correlate(x, k, stride, pad)) == size
    dy = [RNG.uniform(-2, 2) for _ in range(size)]
    padded = [0.0] * pad + x + [0.0] * pad
    dk = gradient(lambda v: dot(dy, correlate(x, v, stride, pad)), k)
    for p in range(m):
        assert sum(dy[i] * padded[i * stride + p] for i in range(size)) == pytest.approx(dk[p])
    spread = [0.0] * (len(padded) - m + 1)
    for i, d in enumerate(dy):
        spread[i * stride] = d
    full = correlate(spread, k[::-1], pad=m - 1)  # a full convolution: flipped, padded
    dx = gradient(lambda v: dot(dy, correlate(v, k, stride, pad)), x)
    assert full[pad:pad + n] == pytest.approx(dx)


def test_two_dimensional_convolution_is_the_same_rule_in_both_directions():
    X, K = random_matrix(4, 4), random_matrix(2, 2)

    def conv(x, k):
        return [[sum(x[i + p][j + q] * k[p][q] for p in range(2) for q in range(2))
                 for j in range(3)] for i in range(3)]
    dY = random_matrix(3, 3)
    J = linear_loss(dY)
    for p in range(2):
        for q in range(2):
            rule = sum(dY[i][j] * X[i + p][j + q] for i in range(3) for j in range(3))
            assert rule == pytest.approx(entry_gradient(lambda k: J(conv(X, k)), K, p, q))


@pytest.mark.parametrize(("size", "stride"), [(2, 2), (2, 1), (3, 1)])
@pytest.mark.parametrize("how", ["max", "average"])
def test_pooling_rules(size, stride, how):
    """Max sends all to the maximum, average 1/n to each, and overlapping windows add."""
    x = [float(v) for v in RNG.sample(range(-20, 20), 7)]  # no ties
    windows = list(range(0, len(x) - size + 1, stride))
    dy = [RNG.uniform(-2, 2) for _ in windows]

    def pool(v):
        return [max(v[s:s + size]) if how == "max" else sum(v[s:s + size]) / size
                for s in windows]
    rule = [0.0] * len(x)
    for d, s in zip(dy, windows, strict=True):
        for j in range(s, s + size):
            if how == "average":
                rule[j] += d / size
            elif x[j] == max(x[s:s + size]):
                rule[j] += d
    assert rule == pytest.approx(gradient(lambda v: dot(dy, pool(v)), x, 1e-4))


@pytest.mark.parametrize("case", range(5))
def test_batch_norm_rules(case):
    """The three paths, their pieces, and the formula with means, with and without ε."""
    rng = random.Random(case)
    N, eps, gamma = rng.randint(3, 5), rng.choice([0.0, 0.01]), rng.uniform(0.5, 2)
    x = [rng.uniform(-2, 2) for _ in range(N)]
    dY = [rng.uniform(-2, 2) for _ in range(N)]

    def loss(v):
        return dot(dY, [gamma * u for u in batch_norm(v, eps)])
    mu = sum(x) / N
    var = sum((v - mu) ** 2 for v in x) / N
    s = math.sqrt(var + eps)
    xhat = batch_norm(x, eps)
    g = [gamma * d for d in dY]
    d_mu = -sum(g) / s
    d_var = -dot(g, xhat) / (2 * s * s)
    assert d_mu == pytest.approx(slope(lambda m: dot(g, [(v - m) / s for v in x]), mu))
    assert d_var == pytest.approx(slope(
        lambda w: dot(g, [(v - mu) / math.sqrt(w + eps) for v in x]), var))
    mean_g, mean_gx = sum(g) / N, dot(g, xhat) / N
    fd = gradient(loss, x)
    for n in range(N):
        paths = g[n] / s + d_mu / N + d_var * 2 * (x[n] - mu) / N
        compact = (g[n] - mean_g - xhat[n] * mean_gx) / s
        assert paths == pytest.approx(fd[n], abs=1e-7)
        assert compact == pytest.approx(fd[n], abs=1e-7)
    assert sum(fd) == pytest.approx(0, abs=1e-7)


def test_a_central_difference_errs_like_eps_squared_and_a_one_sided_like_eps():
    def J(w):
        return w ** 3
    central = [abs((J(2 + e) - J(2 - e)) / (2 * e) - 12) for e in (0.01, 0.005)]
    one_sided = [abs((J(2 + e) - J(2)) / e - 12) for e in (0.01, 0.005)]
    assert central[0] / central[1] == pytest.approx(4, rel=0.01)
    assert one_sided[0] / one_sided[1] == pytest.approx(2, rel=0.01)
