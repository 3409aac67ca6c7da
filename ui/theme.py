"""The warm palette: coral, amber, cream, and a deep warm brown for text. Every colour is here."""

from dataclasses import dataclass

from assistant.events import AssistantState

CORAL = "#F0765A"
AMBER = "#F6B35E"
CREAM = "#FFF4E6"
BROWN = "#3A2119"
"""Text, everywhere."""
SOFT_BROWN = "#6B4335"
"""Secondary text: the user's words, captions."""
EMBER = "#9C2A1C"
"""Errors, on cream."""
DUSK = "#8C5A48"
"""The shape while asleep."""

FONT_FAMILY = "DejaVu Sans"


@dataclass(frozen=True)
class ShapeLook:
    """How the shape looks in one state."""

    inner: str
    """The colour at its centre."""
    outer: str
    """The colour at its rim."""
    caption: str
    """The word shown under it."""
    animated: bool
    """Whether it moves (and so needs frames) in this state."""


SHAPE: dict[AssistantState, ShapeLook] = {
    AssistantState.IDLE: ShapeLook(CREAM, AMBER, "Here", animated=False),
    AssistantState.LISTENING: ShapeLook("#FFFFFF", AMBER, "Listening", animated=True),
    AssistantState.THINKING: ShapeLook(AMBER, CORAL, "Thinking", animated=True),
    AssistantState.SPEAKING: ShapeLook(CREAM, CORAL, "Speaking", animated=True),
    AssistantState.ASLEEP: ShapeLook(DUSK, "#5A3328", "Asleep", animated=False),
    AssistantState.ERROR: ShapeLook("#F3C1A8", EMBER, "Something went wrong", animated=False),
}

TEXT_ON: dict[str, tuple[str, ...]] = {
    CREAM: (BROWN, SOFT_BROWN, EMBER),
    CORAL: (BROWN,),
    AMBER: (BROWN,),
}
"""Which text colours are used on which backgrounds (each pair must meet WCAG AA)."""

STYLE_SHEET = f"""
QWidget {{ color: {BROWN}; font-family: "{FONT_FAMILY}"; font-size: 11pt; }}
QLabel#name {{ font-size: 18pt; font-weight: bold; }}
QLabel#caption {{ font-size: 11pt; }}
QTextBrowser#transcript, QFrame#plan, QLabel#error {{
    background: {CREAM}; border: none; border-radius: 10px; padding: 8px;
}}
QLabel#error {{ color: {EMBER}; }}
QFrame#view {{ background: {CREAM}; border-radius: 10px; }}
QWidget#viewInner, QScrollArea {{ background: transparent; border: none; }}
QLabel#viewTitle {{ font-size: 13pt; font-weight: bold; padding: 4px 2px; }}
QLabel#heading {{ color: {SOFT_BROWN}; font-weight: bold; padding-top: 6px; }}
QLabel#note {{ color: {SOFT_BROWN}; }}
QFrame#row {{ background: #FFFFFF; border: 1px solid #F3D9BF; border-radius: 8px; }}
QPushButton#small {{ padding: 2px 10px; font-size: 10pt; }}
QTextBrowser#letter {{ background: #FFFFFF; border: none; border-radius: 8px; padding: 6px; }}
QScrollBar:vertical {{ background: transparent; width: 10px; margin: 4px 2px; }}
QScrollBar::handle:vertical {{ background: {AMBER}; border-radius: 3px; min-height: 24px; }}
QScrollBar::add-line:vertical, QScrollBar::sub-line:vertical {{ height: 0; }}
QScrollBar::add-page:vertical, QScrollBar::sub-page:vertical {{ background: none; }}
QLineEdit {{
    background: {CREAM}; border: 1px solid {SOFT_BROWN}; border-radius: 8px; padding: 6px;
}}
QPushButton {{
    background: {CREAM}; border: 1px solid {SOFT_BROWN}; border-radius: 8px; padding: 6px 12px;
}}
QPushButton:checked {{ background: {AMBER}; }}
QPushButton#yes {{ background: {AMBER}; font-weight: bold; }}
QProgressBar {{ background: {CREAM}; border-radius: 6px; text-align: center; }}
QProgressBar::chunk {{ background: {CORAL}; border-radius: 6px; }}
"""


def contrast_ratio(foreground: str, background: str) -> float:
    """The WCAG 2 contrast ratio of two ``#RRGGBB`` colours (1 to 21)."""
    lighter, darker = sorted((_luminance(foreground), _luminance(background)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def _luminance(colour: str) -> float:
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]
