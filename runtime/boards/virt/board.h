/* What the shared board code (runtime/boards/profile.c) needs of QEMU's RISC-V virt machine. */
#ifndef CAPSRT_BOARDS_VIRT_BOARD_H
#define CAPSRT_BOARDS_VIRT_BOARD_H

#include "virt.h"

#define CAPS_BOARD_TICKS() virt_instret()
#define CAPS_BOARD_TICKS_TO_INSTRUCTIONS(ticks) ((uint64_t)(ticks))
#define CAPS_BOARD_PROFILE_REPORT virt_profile_report

#endif /* CAPSRT_BOARDS_VIRT_BOARD_H */
