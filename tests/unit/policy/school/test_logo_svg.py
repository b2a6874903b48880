"""An SVG logo that reaches outside itself is refused before anything draws it."""

import pytest

from flexidesk.policy.school.logo_svg import svg_problem

OPEN = b'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" ' \
       b'width="200" height="100">'


def svg(body: bytes) -> bytes:
    return OPEN + body + b"</svg>"


@pytest.mark.parametrize("body, named", [
    (b'<image href="file:///etc/passwd" width="10" height="10"/>', "file:///etc/passwd"),
    (b'<image xlink:href="/home/head/Documents/child.jpg"/>', "/home/head/Documents/child.jpg"),
    (b'<image href="https://tracker.example/pixel.png"/>', "https://tracker.example/pixel.png"),
    (b'<use xlink:href="other.svg#crest"/>', "other.svg#crest"),
    (b'<rect style="fill: url(\'https://x.example/p.svg#g\')" width="1" height="1"/>',
     "https://x.example/p.svg#g"),
    (b'<style>@import url(https://x.example/a.css);</style>', "@import"),
    (b'<style>rect { fill: url(file:///tmp/p.svg#g) }</style>', "file:///tmp/p.svg#g"),
])
def test_a_reference_outside_the_drawing_is_refused_and_named(body, named):
    problem = svg_problem(svg(body))
    assert problem is not None
    assert problem.startswith(f"This SVG logo refers to something outside itself ({named}).")
    assert "save the logo as a PNG" in problem


def test_entities_are_refused_before_parsing():
    data = (b'<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
            + svg(b"<text>&x;</text>"))
    assert "outside itself (<!ENTITY>)" in svg_problem(data)


def test_a_drawing_complete_in_itself_is_accepted():
    data = svg(b'<defs><linearGradient id="g"><stop offset="0"/></linearGradient></defs>'
               b'<rect width="200" height="100" fill="url(#g)"/><use href="#g"/>'
               b'<image href="data:image/png;base64,iVBORw0KGgo=" width="1" height="1"/>')
    assert svg_problem(data) is None


def test_a_long_reference_is_cut_in_the_message():
    problem = svg_problem(svg(b'<image href="file:///' + b"a" * 100_000 + b'"/>'))
    assert len(problem) < 400 and "(100,008 characters)" in problem
