"""The functions whose derivatives a backprop learner needs, with their textbook forms.

Each entry gives the function to sympy and the derivative as people learn it.
sympy derives the real derivative at build time; the textbook form is checked
against it (numerically at every build, symbolically in the tests), so a wrong
form cannot reach a card.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import sympy as sp

from backprop_deck.core import tex

z = sp.Symbol("z", real=True)
y = sp.Symbol("y", real=True)
y_hat = sp.Symbol("yhat", positive=True)
N = sp.Symbol("N", positive=True, integer=True)
z1, z2, z3 = sp.symbols("z1 z2 z3", real=True)
y1, y2 = sp.symbols("y1 y2", real=True)
ALPHA_LEAKY = sp.Rational(1, 100)
ALPHA_ELU = 1


def sigmoid(x):
    return 1 / (1 + sp.exp(-x))


def _softmax(i: int):
    zs = (z1, z2, z3)
    return sp.exp(zs[i]) / sum(sp.exp(v) for v in zs)


_Y3 = 1 - y1 - y2  # one-hot targets sum to 1
_PHI = sp.exp(-z**2 / 2) / sp.sqrt(2 * sp.pi)
_CDF = (1 + sp.erf(z / sp.sqrt(2))) / 2


@dataclass(frozen=True)
class Entry:
    key: str
    title: str
    kind: str  # "activation" or "loss"
    variable: sp.Symbol
    function: sp.Expr
    textbook: sp.Expr  # the derivative as taught, in sympy
    function_tex: str
    derivative_tex: str  # the textbook form, as the card shows it
    note: str
    samples: dict  # symbol -> values at which the build checks textbook == derived
    # (x, numbers) -> (TeX of the textbook form at x, the value those shown numbers give,
    # or None where the line is exact); numbers.carry(expr in z) is a value as shown
    substitution: Callable | None = None
    # Where sympy's own form teaches something, the words that introduce it ("" hides it)
    derived_words: str = ""
    # What the front must define for a learner: words about a function the formula uses
    # (GELU's Φ), and how many of a point's substitution steps are given, not asked
    # (values no one computes by hand, such as Φ(−1.6))
    given: str = ""
    given_steps: int = 0
    # The card's question, where "What is the gradient of the {title}?" does not fit
    question: str = ""


CHECK_POINTS = (-3.1, -1.7, -0.4, 0.6, 1.3, 2.9)  # where the build compares textbook and sympy


def _sub_sigmoid(x, v):
    s = v.carry(sigmoid(z))
    t = tex.num(s)
    return rf"\sigma({v.x}) = {t}, \quad \sigma'({v.x}) = {t}\,(1 - {t})", s * (1 - s)


def _sub_tanh(x, v):
    t = v.carry(sp.tanh(z))
    return rf"\tanh({v.x}) = {tex.num(t)}, \quad \tanh'({v.x}) = 1 - {tex.factor(t)}^2", 1 - t * t


def _sub_relu(x, v):
    return rf"{v.x} {'>' if x > 0 else '<'} 0, \text{{ so }} \operatorname{{ReLU}}'({v.x})", None


def _sub_leaky(x, v):
    return rf"{v.x} {'>' if x > 0 else '<'} 0, \text{{ so }} \operatorname{{LReLU}}'({v.x})", None


def _sub_softplus(x, v):
    return (rf"\operatorname{{softplus}}'({v.x}) = \sigma({v.x}) = "
            rf"\frac{{1}}{{1 + e^{{{-x:g}}}}}", None)


def _sub_elu(x, v):
    if x > 0:
        return rf"{v.x} > 0, \text{{ so }} \operatorname{{ELU}}'({v.x})", None
    return rf"{v.x} < 0, \text{{ so }} \operatorname{{ELU}}'({v.x}) = e^{{{v.x}}}", None


def _sub_silu(x, v):
    s = v.carry(sigmoid(z))
    t = tex.num(s)
    return (rf"\sigma({v.x}) = {t}, \quad \operatorname{{SiLU}}'({v.x}) = "
            rf"{t}\,\bigl(1 + {tex.paren(v.x)}\,(1 - {t})\bigr)", s * (1 + x * (1 - s)))


def _sub_gelu(x, v):
    cdf, pdf = v.carry(_CDF), v.carry(_PHI)
    return (rf"\Phi({v.x}) = {tex.num(cdf)}, \quad \varphi({v.x}) = {tex.num(pdf)}, \quad "
            rf"\operatorname{{GELU}}'({v.x}) = {tex.num(cdf)} + {tex.paren(v.x)} \cdot "
            rf"{tex.num(pdf)}", cdf + x * pdf)


# ∂J/∂zⱼ for softmax with cross-entropy, from the Jacobian ∂ŷₖ/∂zⱼ = ŷₖ(1[k = j] − ŷⱼ),
# every sum over the classes written with c (docs/notation.md; tests/test_derivatives.py
# checks each line with sympy)
SOFTMAX_CE_STEPS = (
    r"\frac{\partial J}{\partial z_j} "
    r"= \sum_c \frac{\partial J}{\partial \hat y_c}\,\frac{\partial \hat y_c}{\partial z_j} "
    r"= \sum_c \left(-\frac{y_c}{\hat y_c}\right) \hat y_c\,(\mathbf{1}[c=j] - \hat y_j) "
    r"= -y_j + \hat y_j \sum_c y_c "
    r"= \hat y_j - y_j")


def catalogue() -> list[Entry]:
    s = sigmoid(z)
    return [
        Entry("sigmoid", "sigmoid", "activation", z, s, s * (1 - s),
              r"\sigma(z) = \frac{1}{1 + e^{-z}}", r"\sigma'(z) = \sigma(z)\,(1 - \sigma(z))",
              "Largest (0.25) at z = 0 and nearly 0 for |z| > 4: saturated sigmoids pass "
              "almost no gradient back.", {z: CHECK_POINTS}, _sub_sigmoid,
              "sympy, differentiating the formula as written, gets the same function in "
              "terms of e⁻ᶻ:"),
        Entry("tanh", "tanh", "activation", z, sp.tanh(z), 1 - sp.tanh(z) ** 2,
              r"\tanh(z) = \frac{e^{z} - e^{-z}}{e^{z} + e^{-z}}", r"\tanh'(z) = 1 - \tanh^2(z)",
              "Largest (1) at z = 0, four times the sigmoid's peak; it too vanishes when "
              "saturated.", {z: CHECK_POINTS}, _sub_tanh),
        Entry("relu", "ReLU", "activation", z, sp.Max(0, z),
              sp.Piecewise((1, z > 0), (0, True)),
              r"\operatorname{ReLU}(z) = \max(0, z)",
              r"\operatorname{ReLU}'(z) = \begin{cases} 1 & z > 0 \\ 0 & z < 0 \end{cases}",
              "Passes the gradient unchanged where the unit is active, and none where it is "
              "not (a dead unit learns nothing); undefined at 0, where 0 is used by convention.",
              {z: CHECK_POINTS}, _sub_relu,
              "sympy writes it as θ(z), the unit step (1 for z > 0, 0 for z < 0):"),
        Entry("leaky-relu", "leaky ReLU", "activation", z,
              sp.Piecewise((z, z > 0), (ALPHA_LEAKY * z, True)),
              sp.Piecewise((1, z > 0), (ALPHA_LEAKY, True)),
              r"\operatorname{LReLU}(z) = \begin{cases} z & z > 0 \\ 0.01\,z & z \le 0 \end{cases}",
              r"\operatorname{LReLU}'(z) = \begin{cases} 1 & z > 0 \\ 0.01 & z < 0 \end{cases}",
              "The small slope for z < 0 keeps some gradient flowing, so units cannot die.",
              {z: CHECK_POINTS}, _sub_leaky),
        Entry("softplus", "softplus", "activation", z, sp.log(1 + sp.exp(z)), s,
              r"\operatorname{softplus}(z) = \ln(1 + e^{z})",
              r"\operatorname{softplus}'(z) = \sigma(z)",
              "A smooth ReLU: its derivative is exactly the sigmoid.", {z: CHECK_POINTS},
              _sub_softplus,
              "sympy gets this, which is σ(z) with top and bottom multiplied by eᶻ:"),
        Entry("elu", "ELU", "activation", z,
              sp.Piecewise((z, z > 0), (ALPHA_ELU * (sp.exp(z) - 1), True)),
              sp.Piecewise((1, z > 0), (sp.exp(z), True)),
              r"\operatorname{ELU}(z) = \begin{cases} z & z > 0 \\ e^{z} - 1 & z \le 0 \end{cases}",
              r"\operatorname{ELU}'(z) = \begin{cases} 1 & z > 0 \\ e^{z} & z < 0 \end{cases}",
              "The derivative is continuous at 0 and fades smoothly for negative z; there "
              "eᶻ = ELU(z) + 1, so it comes from the unit's own output.",
              {z: CHECK_POINTS}, _sub_elu),
        Entry("silu", "SiLU (swish)", "activation", z, z * s, s * (1 + z * (1 - s)),
              r"\operatorname{SiLU}(z) = z\,\sigma(z)",
              r"\operatorname{SiLU}'(z) = \sigma(z)\,\bigl(1 + z\,(1 - \sigma(z))\bigr)",
              "Slightly above 1 for moderate positive z and slightly negative for some negative "
              "z: not monotonic, unlike ReLU.", {z: CHECK_POINTS}, _sub_silu),
        Entry("gelu", "GELU", "activation", z, z * _CDF, _CDF + z * _PHI,
              r"\operatorname{GELU}(z) = z\,\Phi(z)",
              r"\operatorname{GELU}'(z) = \Phi(z) + z\,\varphi(z)",
              "Φ is the standard normal CDF and φ its density; like SiLU, a smooth, "
              "non-monotonic ReLU.", {z: CHECK_POINTS}, _sub_gelu,
              given=r"\(\Phi(z)\), the standard normal CDF, is the probability that a standard "
                    r"normal variable is at most z, and \(\varphi(z) = e^{-z^2/2}/\sqrt{2\pi}\) "
                    r"is its density.",
              given_steps=2),
        Entry("half-sse", "half sum of squares", "loss", y_hat,
              sp.Rational(1, 2) * (y - y_hat) ** 2, y_hat - y,
              r"J = \tfrac{1}{2}\,(y - \hat y)^2",
              r"\frac{\partial J}{\partial \hat y} = \hat y - y",
              "The ½ cancels the 2 from the square: the gradient is just the output error "
              "ŷ − y. This is "
              "the loss of the lecture and of the practice cards (the seed card calls "
              "½ Σ(y − ŷ)² the MSE).",
              {y_hat: (0.2, 0.7), y: (0.0, 0.4, 1.0)}),
        Entry("mse", "mean squared error", "loss", y_hat, (y - y_hat) ** 2 / N,
              2 * (y_hat - y) / N,
              r"J = \frac{1}{N} \sum_{n=1}^{N} (y_n - \hat y_n)^2",
              r"\frac{\partial J}{\partial \hat y_n} = \frac{2}{N}\,(\hat y_n - y_n)",
              "The mean of the squares over N examples, differentiated by one prediction ŷₙ. "
              "Without the ½ a factor 2 appears, and the mean divides by N: the same direction "
              "as the half sum of squares ½ Σ(y − ŷ)², a different size. The practice cards use "
              "that half sum (which the seed card calls MSE).",
              {y_hat: (0.2, 0.7), y: (0.0, 1.0), N: (1, 4)}),
        Entry("bce-yhat", "binary cross-entropy (by ŷ)", "loss", y_hat,
              -(y * sp.log(y_hat) + (1 - y) * sp.log(1 - y_hat)),
              (y_hat - y) / (y_hat * (1 - y_hat)),
              r"J = -\bigl(y \ln \hat y + (1 - y) \ln(1 - \hat y)\bigr)",
              r"\frac{\partial J}{\partial \hat y} = \frac{\hat y - y}{\hat y\,(1 - \hat y)}",
              "Blows up as a confident prediction turns out wrong (ŷ near 0 or 1).",
              {y_hat: (0.2, 0.7), y: (0.0, 1.0)}, None,
              "sympy gets the two terms before they are put over one denominator:"),
        Entry("bce-logit", "binary cross-entropy (by the logit z)", "loss", z,
              -(y * sp.log(s) + (1 - y) * sp.log(1 - s)), s - y,
              r"J = -\bigl(y \ln \sigma(z) + (1 - y) \ln(1 - \sigma(z))\bigr)",
              r"\frac{\partial J}{\partial z} = \sigma(z) - y = \hat y - y",
              "The sigmoid's derivative cancels the log's: the gradient does not vanish when "
              "a confident prediction is wrong (under a squared error, the factor σ′(z) ≈ 0 "
              "would stall it), which is why "
              "sigmoid outputs are trained with cross-entropy.",
              {z: CHECK_POINTS, y: (0.0, 1.0)},
              given=r"The logit \(z\) is the pre-activation that the sigmoid turns into the "
                    r"prediction, \(\hat y = \sigma(z)\); \(y\) is the target, 0 or 1."),
        Entry("softmax-jacobian", "softmax Jacobian entry", "loss", z2, _softmax(0),
              -_softmax(0) * _softmax(1),
              r"\hat y_1 = \frac{e^{z_1}}{e^{z_1} + e^{z_2} + e^{z_3}}",
              r"\frac{\partial \hat y_1}{\partial z_2} = -\hat y_1\,\hat y_2",
              "Raising one logit lowers every other class's probability. In general "
              r"\( \partial \hat y_k / \partial z_j = \hat y_k\,(\mathbf{1}[k = j] - \hat y_j) \), "
              "with 𝟙[k = j] = 1 for k = j, else 0.",
              {z1: (-1.0, 0.5), z2: (0.3, -0.2), z3: (1.2,)}, None,
              "sympy, for these three classes:",
              given=r"Logits are the scores \(z_1, z_2, z_3\) a layer gives the classes; the "
                    r"Jacobian is the table of every \(\partial \hat y_k/\partial z_j\).",
              question=r"Softmax over three classes, \(\hat y = \operatorname{softmax}(z)\) "
                       r"with logits \(z_1, z_2, z_3\). What is the entry "
                       r"\(\partial \hat y_1/\partial z_2\) of its Jacobian?"),
        Entry("softmax-ce", "softmax with cross-entropy", "loss", z1,
              -(y1 * sp.log(_softmax(0)) + y2 * sp.log(_softmax(1)) + _Y3 * sp.log(_softmax(2))),
              _softmax(0) - y1,
              r"J = -\sum_c y_c \ln \hat y_c, \quad \hat y_k = \frac{e^{z_k}}{\sum_c e^{z_c}}",
              SOFTMAX_CE_STEPS,
              r"Each logit \(z_j\) reaches J through every \(\hat y_c\), so the chain rule "
              r"sums over the classes \(c\), with the softmax's Jacobian (the card before's "
              r"\(\partial \hat y_k/\partial z_j\) at \(k = c\)). The term \(c = j\) "
              r"leaves \(-y_j\), and the rest add up to \(\hat y_j \sum_c y_c = \hat y_j\), "
              "since a one-hot target sums to 1: the simplest gradient of all.",
              {z1: (-1.0, 0.5), z2: (0.3,), z3: (-0.7, 1.2), y1: (0.0, 1.0), y2: (0.0,)},
              given=r"The target \(y\) is one-hot: \(y_c = 1\) if class \(c\) is the "
                    r"target, else 0.",
              question="What is the gradient of the softmax with cross-entropy, "
                       r"\(\partial J/\partial z_j\)?"),
    ]
