#!/bin/sh
# Qt's xcb platform (the window on an X11 or XWayland desktop) needs these system
# libraries. Name the Debian/Ubuntu package of each one that is missing, in plain words.
# Offscreen runs (tests, screenshots) and non-Linux systems need none of them.
[ "$(uname -s)" = "Linux" ] || exit 0
[ "${QT_QPA_PLATFORM:-}" = "offscreen" ] && exit 0
missing=""
for pair in libxcb-cursor.so.0:libxcb-cursor0 libxcb-icccm.so.4:libxcb-icccm4 \
            libxcb-keysyms.so.1:libxcb-keysyms1 libxcb-image.so.0:libxcb-image0 \
            libxcb-render-util.so.0:libxcb-render-util0 libxcb-shape.so.0:libxcb-shape0 \
            libxcb-xkb.so.1:libxcb-xkb1 libxkbcommon-x11.so.0:libxkbcommon-x11-0 \
            libEGL.so.1:libegl1 libfontconfig.so.1:libfontconfig1 libGL.so.1:libgl1; do
  lib=${pair%%:*}; pkg=${pair#*:}
  ldconfig -p 2>/dev/null | grep -q "$lib" || missing="$missing $pkg"
done
if [ -n "$missing" ]; then
  echo "FlexiDesk's window needs some system libraries that are not installed."
  echo "Install them with:"
  echo "    sudo apt-get install$missing"
  echo "(then run make run again)."
  exit 1
fi
