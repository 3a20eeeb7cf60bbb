/* capsrt board support for QEMU's ARM MPS2 boards (mps2-an385 / an386 / an500 / an505): semihosting exit status,
 * a deterministic instruction counter and the per-layer profile of generated code.
 *
 * Programs run as  qemu-system-arm -M mps2-an500 -nographic -semihosting-config enable=on,target=native
 *                  -icount shift=6 -kernel prog.elf [-append "arg1 arg2 ..."]
 * main() gets argc/argv from -append (split at spaces), stdio and fopen go to the host through
 * semihosting, and the program's exit status (main's return value or exit()) is QEMU's. */
#ifndef CAPSRT_BOARDS_MPS2_H
#define CAPSRT_BOARDS_MPS2_H

#include <stdint.h>
#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

/** QEMU's -icount shift the instruction counts assume (each instruction takes 2^shift ns of virtual time). */
#define MPS2_ICOUNT_SHIFT 6

/** Nanoseconds per tick of the CMSDK dual timer: its clock is the board's system clock, 25 MHz on
 *  mps2-an385 / an386 / an500, 20 MHz on mps2-an505 (the Cortex-M33 board). */
#if defined(__ARM_ARCH_8M_MAIN__)
#define MPS2_TICK_NS 50u
#else
#define MPS2_TICK_NS 40u
#endif

/** Ticks since the counter started (at reset); under -icount shift=MPS2_ICOUNT_SHIFT each instruction takes
 *  2^shift ns, so instructions = ticks * MPS2_TICK_NS / 2^shift exactly. The count wraps after 2^32 ticks
 *  (about 2.7 G instructions); differences of two reads are right across one wrap. */
uint32_t mps2_ticks(void);
#define MPS2_TICKS_TO_INSTRUCTIONS(ticks) (((uint64_t)(ticks) * MPS2_TICK_NS) >> MPS2_ICOUNT_SHIFT)

/** Ends the program with QEMU exit status `status` (semihosting SYS_EXIT_EXTENDED), after flushing stdio. */
void mps2_exit(int status) __attribute__((noreturn));

/** Prints the per-layer profile gathered by caps_profile_begin/end (generated code built with CAPS_PROFILE):
 *  one line per layer that ran, `CAPS_PROFILE <layer> <instructions> <calls> <name>`, then
 *  `CAPS_PROFILE_TOTAL <instructions>` (the sum of the lines above). */
void mps2_profile_report(FILE *out);

#ifdef __cplusplus
}
#endif

#endif /* CAPSRT_BOARDS_MPS2_H */
