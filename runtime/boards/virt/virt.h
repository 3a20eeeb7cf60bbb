/* capsrt board support for QEMU's RISC-V `virt` machine (rv32imc, portable kernels): instruction counts and
 * the per-layer profile of generated code. Startup, stdio, files and the exit status come from picolibc's
 * semihosting crt0 (--specs=picolibc.specs --oslib=semihost --crt0=semihost).
 *
 * Programs run as  qemu-system-riscv32 -M virt -bios none -nographic -semihosting-config enable=on,target=native
 *                  -icount shift=0 -kernel prog.elf [-append "arg1 arg2 ..."]
 * picolibc's crt0 passes QEMU's command line ("prog.elf arg1 ...") after a placeholder program name; programs
 * that read arguments are compiled with -Dmain=virt_app_main and get argv = {prog.elf, arg1, ...} from
 * virt_main.c, as on the Arm boards. The exit status (main's return value or exit()) is QEMU's. */
#ifndef CAPSRT_BOARDS_VIRT_H
#define CAPSRT_BOARDS_VIRT_H

#include <stdint.h>
#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

/** QEMU's -icount shift the runs use; with -icount, minstret counts every retired instruction exactly. */
#define VIRT_ICOUNT_SHIFT 0

/** Instructions retired since reset (the low 32 bits of minstret; differences are right across one wrap). */
static inline uint32_t virt_instret(void) {
    uint32_t value;
    __asm__ volatile("csrr %0, minstret" : "=r"(value));
    return value;
}

/** Ends the program with QEMU exit status `status`, after flushing stdio. */
void virt_exit(int status) __attribute__((noreturn));

/** The per-layer profile gathered by caps_profile_begin/end, in the format of mps2_profile_report. */
void virt_profile_report(FILE *out);

#ifdef __cplusplus
}
#endif

#endif /* CAPSRT_BOARDS_VIRT_H */
