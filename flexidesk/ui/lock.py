"""Locking the window: after idle minutes or on Ctrl+L, hide every child's data and drop the key.

While locked, the main window shows only a sign-in form, every tab is cleared, the
database is closed and its key forgotten. Open dialogs keep their unsaved input: a
modeless one is hidden; a modal one (its caller waits in ``exec()``, which hiding would
end) is covered by an opaque panel and disabled underneath. The same user signing in
gets everything back as it was; another user gets a window rebuilt for their role, and
the previous user's open dialogs are closed unsaved.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, cast

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QDockWidget,
    QFormLayout,
    QFrame,
    QLabel,
    QMainWindow,
    QMessageBox,
    QSpinBox,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from flexidesk.i18n import _
from flexidesk.policy.records.access import Actor, PolicyError, can
from flexidesk.policy.records.signin import (
    SignInFailed,
    SignInThrottle,
    active_actor,
    as_unlocked,
    open_as,
    resume_signer,
)
from flexidesk.policy.school.setup import (
    AUTO_LOCK_DEFAULT,
    AUTO_LOCK_RANGE,
    auto_lock_minutes,
    set_auto_lock_minutes,
)
from flexidesk.store.database import FlexiDatabase, db
from flexidesk.ui.dialogs.signin import SignInForm
from flexidesk.ui.theme import make_heading
from flexidesk.ui.widgets.keyboard import KeyboardForm

#: Builds the window for who signed in: the main window over the school's database, or a
#: governor's window over the governors' file (policy.records.governors.GovernorsDesk).
BuildWindow = Callable[[Actor, Any], QMainWindow]

_ACTIVITY = frozenset({QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress,
                       QEvent.Type.MouseMove, QEvent.Type.Wheel, QEvent.Type.TouchBegin})


def window_tabs(window: QWidget) -> list[QWidget]:
    """The pages holding school data: ``data_widgets()`` when the window has it, else its tabs."""
    if hasattr(window, "data_widgets"):
        return [w for w in window.data_widgets() if w is not None]
    tabs = getattr(window, "tabs", None)
    if tabs is None:
        return []
    if hasattr(tabs, "count") and hasattr(tabs, "widget"):
        return [tabs.widget(i) for i in range(tabs.count())]
    if isinstance(tabs, dict):
        return list(tabs.values())
    return list(tabs)


class IdleWatcher(QObject):
    """Emits ``idle`` once no key or mouse has been used for ``seconds``.

    ``clock`` gives the time in seconds (monotonic); tests hand in their own, so that minutes
    of idleness pass without waiting for them.
    """

    idle = Signal()

    def __init__(self, seconds: float, parent: QObject | None = None, *,
                 clock: Callable[[], float] = time.monotonic):
        super().__init__(parent)
        self.clock = clock
        self._last = clock()
        self._timer = QTimer(self)
        self._timer.timeout.connect(self.check)
        self.set_seconds(seconds)
        app = QApplication.instance()
        assert app is not None  # idleness is watched in a running application
        app.installEventFilter(self)

    def set_seconds(self, seconds: float) -> None:
        """Change the idle limit; checked a few times within it, at least every 5 s."""
        self.seconds = seconds
        self._timer.setInterval(max(50, int(min(5.0, seconds / 4) * 1000)))

    def start(self) -> None:
        self._last = self.clock()
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 - Qt's name
        if event.type() in _ACTIVITY:
            self._last = self.clock()
        return False

    def check(self) -> None:
        """Lock if the limit has passed since the last key or mouse (the timer asks often)."""
        if self.clock() - self._last >= self.seconds:
            self._timer.stop()
            self.idle.emit()


class _Cover(QFrame):
    """An opaque panel laid over a modal dialog while locked; swallows keys (Escape would cancel)."""

    def __init__(self, dialog: QWidget, form: QWidget | None = None):
        super().__init__(dialog)
        self.setObjectName("lockCover")
        self.setAutoFillBackground(True)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        layout = QVBoxLayout(self)
        note = QLabel(_("FlexiDesk is locked. What you had typed here is kept; sign in to "
                        "carry on."), self)
        note.setWordWrap(True)
        layout.addWidget(note)
        if form is not None:
            layout.addWidget(form)
        layout.addStretch(1)
        self.dialog = dialog
        self._old_size = dialog.size()
        self._old_title = dialog.windowTitle()  # it may name a child ("Decision letter: Ro…")
        dialog.setWindowTitle(_("FlexiDesk is locked"))
        if form is not None:
            dialog.resize(max(dialog.width(), 460), max(dialog.height(), 320))
        self._disabled = [w for w in dialog.findChildren(
            QWidget, options=Qt.FindChildOption.FindDirectChildrenOnly)
            if w is not self and w.isEnabled()]
        for widget in self._disabled:
            widget.setEnabled(False)
        dialog.installEventFilter(self)
        self.setGeometry(dialog.rect())
        self.raise_()
        self.show()
        if form is not None:
            form.setFocus()

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.Resize:
            self.setGeometry(self.dialog.rect())
        elif event.type() == QEvent.Type.Close:
            event.ignore()  # the window's close button must not throw away unsaved input
            return True
        return False

    def keyPressEvent(self, event) -> None:  # noqa: N802 - Qt's name
        event.accept()

    def remove(self) -> None:
        """Uncover the dialog exactly as it was."""
        self.dialog.removeEventFilter(self)
        for widget in self._disabled:
            widget.setEnabled(True)
        self.dialog.resize(self._old_size)
        self.dialog.setWindowTitle(self._old_title)
        self.hide()
        self.deleteLater()


class LockScreen(QWidget):
    """What the main window shows while locked: no data, just who may sign in."""

    def __init__(self, school_label: str, form: SignInForm, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("lockScreen")
        self.form = form
        box = QFrame(self)
        box.setFrameShape(QFrame.Shape.StyledPanel)
        box.setMaximumWidth(520)
        inner = QVBoxLayout(box)
        title = QLabel(_("FlexiDesk is locked"), box)
        make_heading(title, 1.6)
        inner.addWidget(title)
        if school_label:
            school = QLabel(school_label, box)
            school.setTextFormat(Qt.TextFormat.PlainText)  # the school's name as typed
            inner.addWidget(school)
        inner.addWidget(QLabel(_("Sign in to carry on, or sign in as someone else."), box))
        inner.addWidget(form)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        layout.addWidget(box, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(2)


class AutoLockDialog(KeyboardForm, QDialog):
    """Set after how many idle minutes the window locks (the school's setting, 1 to 15)."""

    def __init__(self, actor: Actor, parent: QWidget | None = None):
        super().__init__(parent)
        self.actor = actor
        self.setWindowTitle(_("Auto-lock"))
        low, high = AUTO_LOCK_RANGE
        self.minutes = QSpinBox(self)
        self.minutes.setObjectName("autoLockMinutes")
        self.minutes.setRange(low, high)
        self.minutes.setSuffix(_(" minutes"))
        self.minutes.setValue(auto_lock_minutes())
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                   | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self._save)
        buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow(_("Lock the window after no use for:"), self.minutes)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(_("This applies to everyone who uses FlexiDesk on this "
                                  "school's database."), self))
        layout.addLayout(form)
        layout.addWidget(buttons)

    def _save(self) -> None:
        try:
            set_auto_lock_minutes(self.actor, self.minutes.value())
        except PolicyError as exc:
            QMessageBox.warning(self, _("Auto-lock"), str(exc))
            return
        self.accept()


class Session(QObject):
    """One signed-in person at one main window: idle lock, Ctrl+L, unlock, change of user."""

    locked_changed = Signal(bool)
    window_rebuilt = Signal(object)  # the new main window, after another user signed in

    def __init__(self, db_path: Path, database: Any, actor: Actor,
                 build_window: BuildWindow, *, names: list[tuple[str, str]],
                 demo: bool = False, school_label: str = "", parent: QObject | None = None,
                 throttle: SignInThrottle | None = None):
        super().__init__(parent)
        self.db_path = Path(db_path)
        self.database = database
        self.actor = actor
        self.build_window = build_window
        self.names = names
        self.demo = demo
        self.school_label = school_label
        # A server's sign-in is slowed by this computer's throttle for it (ui.server_session).
        self.throttle = throttle or SignInThrottle.for_database(self.db_path)
        self.is_locked = False
        self._hidden: list[QWidget] = []
        self._covers: list[_Cover] = []
        self._central: QWidget | None = None
        self._chrome: list[tuple[QWidget, bool]] = []
        self._actions: list[QAction] = []
        # A governor's window has no database to read the school's setting from.
        minutes = (auto_lock_minutes() if isinstance(database, FlexiDatabase)
                   else AUTO_LOCK_DEFAULT)
        self.idle = IdleWatcher(minutes * 60, self)
        self.idle.idle.connect(self.lock)
        self.window = self._make_window(actor, database)
        from flexidesk.ui.lock_key import LockKey

        self.lock_key = LockKey(self)
        self.idle.start()

    # --- the window ---------------------------------------------------------------------------

    def _make_window(self, actor: Actor, database: Any) -> QMainWindow:
        window = self.build_window(actor, database)
        lock_action = QAction(_("&Lock now"), window)
        lock_action.setObjectName("lockAction")
        lock_action.setShortcut(QKeySequence("Ctrl+L"))
        lock_action.setShortcutContext(Qt.ShortcutContext.ApplicationShortcut)
        lock_action.setStatusTip(_("Hide everything and sign in again to carry on"))
        lock_action.triggered.connect(self.lock)
        menus = getattr(window, "menus", {}) or {}
        file_menu = menus.get("file")
        if file_menu is not None:  # File > Lock now, just before Quit
            quit_action = next((a for a in file_menu.actions()
                                if a.objectName() == "quitAction"), None)
            file_menu.insertAction(quit_action, lock_action)
        window.addAction(lock_action)  # the shortcut works even with the menu bar hidden
        if can(actor, "school.edit"):
            settings = QAction(_("Auto-loc&k…"), window)
            settings.setObjectName("autoLockAction")
            settings.triggered.connect(self.edit_auto_lock)
            (menus.get("tools") or window).addAction(settings)
        window.lock_action = lock_action  # type: ignore[attr-defined]  # added to any window built
        return window

    def edit_auto_lock(self) -> None:
        """The small settings dialog; the new limit applies at once."""
        if AutoLockDialog(self.actor, self.window).exec() == QDialog.DialogCode.Accepted:
            self.idle.set_seconds(auto_lock_minutes() * 60)

    # --- locking ------------------------------------------------------------------------------

    def lock(self) -> None:
        """Hide every child's data, close the database and drop its key."""
        if self.is_locked:
            return
        self.is_locked = True
        self.idle.stop()
        for tab in window_tabs(self.window):
            if hasattr(tab, "clear"):
                tab.clear()
        top_modal = QApplication.activeModalWidget()
        for widget in QApplication.topLevelWidgets():
            if widget is self.window or not widget.isVisible() or not isinstance(widget, QDialog):
                continue
            if widget.isModal() or widget.windowModality() != Qt.WindowModality.NonModal:
                form = self._form() if widget is top_modal else None
                self._covers.append(_Cover(widget, form))
            else:
                widget.hide()
                self._hidden.append(widget)
        self._central = self.window.takeCentralWidget()
        lock_screen = LockScreen(self.school_label, self._form(), self.window)
        self.window.setCentralWidget(lock_screen)
        lock_screen.show()  # now, not on the next event loop turn: nothing else is visible
        lock_screen.form.password.setFocus()
        # Menus, toolbars and every action's shortcut are off, so nothing opens behind the lock.
        chrome = [self.window.menuBar(), *self.window.findChildren(QToolBar),
                  *self.window.findChildren(QDockWidget)]
        self._chrome = [(w, w.isVisible()) for w in chrome]
        for widget in chrome:
            widget.hide()
        self._actions = [a for a in self.window.findChildren(QAction) if a.isEnabled()]
        for act in self._actions:
            act.setEnabled(False)
        self.database.close()
        self.database.key = None  # the only reference to the key; unlocking unwraps it again
        self.database.signer = None  # a Headteacher's authority goes with it
        self.locked_changed.emit(True)

    def _form(self) -> SignInForm:
        form = SignInForm(self.db_path, self.names, self._unlocked, throttle=self.throttle,
                          demo=self.demo, preselect=self.actor.username)
        form.signed_in.connect(self._resume)
        return form

    def _unlocked(self, username: str, key):
        """Called by the form once a password opened a slot (``key``: what it opened)."""
        opened = as_unlocked(username, key)
        same = username == self.actor.username and isinstance(self.database, FlexiDatabase)
        if same and (opened is None or not opened.governors_only):
            self.database.key = opened.key if opened is not None else None
            self.database.connect(reuse_if_open=True)
            db.initialize(self.database)
            try:
                active_actor(username)  # removed while the window was locked?
            except SignInFailed:
                self.database.close()
                self.database.key = None
                raise
            resume_signer(self.database, self.actor, opened)
            return None
        return open_as(self.db_path, username, opened)

    def _resume(self, opened) -> None:
        if opened is None:
            self._unlock_same_user()
        else:
            self._switch_user(*opened)
        self.is_locked = False
        self.idle.start()
        self.locked_changed.emit(False)

    def _unlock_same_user(self) -> None:
        lock_screen = self.window.takeCentralWidget()
        if lock_screen is not None:
            lock_screen.deleteLater()
        if self._central is not None:
            self.window.setCentralWidget(self._central)
            self._central.show()
        self._central = None
        for widget, visible in self._chrome:
            widget.setVisible(visible)
        for act in self._actions:
            act.setEnabled(True)
        for tab in window_tabs(self.window):
            if hasattr(tab, "refresh"):
                tab.refresh()
        for cover in self._covers:
            cover.remove()
        for dialog in self._hidden:
            dialog.show()
        self._covers, self._hidden, self._chrome, self._actions = [], [], [], []

    def _switch_user(self, database: Any, actor: Actor) -> None:
        """Another person signed in: the previous person's dialogs go, the window is rebuilt."""
        dialogs = [cover.dialog for cover in self._covers] + self._hidden
        for cover in self._covers:
            cover.remove()
        for dialog in dialogs:
            # Closed unsaved without asking: the person who typed it has gone (a question
            # would ask the next person about someone else's work).
            cast(QDialog, dialog).done(QDialog.DialogCode.Rejected)
        self._covers, self._hidden, self._chrome, self._actions = [], [], [], []
        if self._central is not None:
            self._central.deleteLater()
        old = self.window
        geometry, maximised = old.geometry(), old.isMaximized()
        self.database, self.actor = database, actor
        self.window = self._make_window(actor, database)
        self.window.setGeometry(geometry)
        if old.isVisible():
            self.window.showMaximized() if maximised else self.window.show()
        old.hide()
        old.deleteLater()
        self._central = None
        self.window_rebuilt.emit(self.window)
