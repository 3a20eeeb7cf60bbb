/* What the shared board code (runtime/boards/profile.c) needs of the MPS2 boards. */
#ifndef CAPSRT_BOARDS_MPS2_BOARD_H
#define CAPSRT_BOARDS_MPS2_BOARD_H

#include "mps2.h"

#define CAPS_BOARD_TICKS() mps2_ticks()
#define CAPS_BOARD_TICKS_TO_INSTRUCTIONS(ticks) MPS2_TICKS_TO_INSTRUCTIONS(ticks)
#define CAPS_BOARD_PROFILE_REPORT mps2_profile_report

#endif /* CAPSRT_BOARDS_MPS2_BOARD_H */
