#!/bin/sh
# Qt's xcb platform (the window on an X11 desktop) needs these system libraries. Name the
# Debian/Ubuntu package of each one that is missing, in plain words, before Qt fails with
# a message nobody can act on. Offscreen runs (tests, screenshots), Wayland sessions and
# other systems do not use xcb: for those a missing package is only mentioned.
[ "$(uname -s)" = "Linux" ] || exit 0
case "${QT_QPA_PLATFORM:-xcb}" in xcb*) ;; *) exit 0 ;; esac
missing=""
for pair in libxcb-cursor.so.0:libxcb-cursor0 libxcb-icccm.so.4:libxcb-icccm4 \
            libxcb-keysyms.so.1:libxcb-keysyms1 libxcb-image.so.0:libxcb-image0 \
            libxcb-render-util.so.0:libxcb-render-util0 libxcb-shape.so.0:libxcb-shape0 \
            libxcb-xkb.so.1:libxcb-xkb1 libxkbcommon-x11.so.0:libxkbcommon-x11-0 \
            libEGL.so.1:libegl1 libfontconfig.so.1:libfontconfig1 libGL.so.1:libgl1; do
  lib=${pair%%:*}; pkg=${pair#*:}
  ldconfig -p 2>/dev/null | grep -q "$lib" || missing="$missing $pkg"
done
[ -z "$missing" ] && exit 0
echo "FlexiDesk's window needs some system libraries that are not installed."
echo "Install them with:"
echo "    sudo apt-get install$missing"
if [ -n "${WAYLAND_DISPLAY:-}" ] && [ -z "${QT_QPA_PLATFORM:-}" ]; then
  echo "(This is a Wayland session, so FlexiDesk can start without them.)"
  exit 0
fi
echo "(then run make run again)."
exit 1
