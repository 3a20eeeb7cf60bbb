/* capsrt board support: reset handler, vector table, semihosting exit and argv, profiling counter for
 * QEMU's MPS2 boards (see mps2.h and mps2.ld). Built with arm-none-eabi-gcc, newlib and --specs=rdimon.specs
 * -nostartfiles. */
#include "mps2.h"

#include <stdlib.h>
#include <string.h>

extern int main(int argc, char **argv);
extern void initialise_monitor_handles(void);
extern void __libc_init_array(void);

extern uint32_t __data_start__, __data_end__, __data_load__, __bss_start__, __bss_end__, __stack_top__;

/* ---------------------------------------------------------------- semihosting */

enum {
    SYS_WRITE0 = 0x04,
    SYS_GET_CMDLINE = 0x15,
    SYS_EXIT_EXTENDED = 0x20,
    ADP_STOPPED_APPLICATION_EXIT = 0x20026,
};

static int semihost(int op, void *arg) {
    register int r0 __asm__("r0") = op;
    register void *r1 __asm__("r1") = arg;
    __asm__ volatile("bkpt 0xab" : "+r"(r0) : "r"(r1) : "memory");
    return r0;
}

void mps2_exit(int status) {
    uint32_t block[2] = {ADP_STOPPED_APPLICATION_EXIT, (uint32_t)status};
    fflush(stdout);
    fflush(stderr);
    for (;;)
        semihost(SYS_EXIT_EXTENDED, block);
}

/* A fault ends the run at once with a status no program returns on purpose, instead of hanging QEMU. */
static void fault(const char *what) {
    semihost(SYS_WRITE0, (void *)what);
    uint32_t block[2] = {ADP_STOPPED_APPLICATION_EXIT, 0x7d};
    for (;;)
        semihost(SYS_EXIT_EXTENDED, block);
}

static void hard_fault(void) { fault("mps2: HardFault\n"); }
static void mem_fault(void) { fault("mps2: MemManage fault\n"); }
static void bus_fault(void) { fault("mps2: BusFault\n"); }
static void usage_fault(void) { fault("mps2: UsageFault (undefined instruction, unaligned access or division by zero)\n"); }
static void unexpected(void) { fault("mps2: unexpected exception\n"); }

/* ---------------------------------------------------------------- CMSDK dual timer 1: the counter */

#if defined(__ARM_ARCH_8M_MAIN__)
#define DUALTIMER1_BASE 0x50002000u /* mps2-an505: the Secure alias (the core runs in Secure state) */
#else
#define DUALTIMER1_BASE 0x40002000u
#endif
#define DUALTIMER1_LOAD (*(volatile uint32_t *)DUALTIMER1_BASE)
#define DUALTIMER1_VALUE (*(volatile uint32_t *)(DUALTIMER1_BASE + 4u))
#define DUALTIMER1_CONTROL (*(volatile uint32_t *)(DUALTIMER1_BASE + 8u))

static void timer_start(void) {
    DUALTIMER1_CONTROL = 0;
    DUALTIMER1_LOAD = 0xffffffffu;
    DUALTIMER1_CONTROL = (1u << 7) /* enable */ | (1u << 1) /* 32-bit */; /* free-running, no prescaler */
}

uint32_t mps2_ticks(void) { return 0xffffffffu - DUALTIMER1_VALUE; /* the timer counts down */ }

/* ---------------------------------------------------------------- reset */

#define MAX_ARGS 32
static char cmdline[1024];
static char *argv_store[MAX_ARGS + 1];

/* argv from the semihosting command line (QEMU: the kernel file name, then -append's text). */
static int command_line(void) {
    uint32_t block[2] = {(uint32_t)(uintptr_t)cmdline, sizeof cmdline - 1};
    int argc = 0;
    char *p = cmdline;
    if (semihost(SYS_GET_CMDLINE, block) != 0)
        cmdline[0] = '\0';
    cmdline[sizeof cmdline - 1] = '\0';
    while (*p && argc < MAX_ARGS) {
        while (*p == ' ')
            *p++ = '\0';
        if (!*p)
            break;
        argv_store[argc++] = p;
        while (*p && *p != ' ')
            ++p;
    }
    argv_store[argc] = NULL;
    return argc;
}

void Reset_Handler(void) {
    uint32_t *src = &__data_load__, *dst = &__data_start__;
    while (dst < &__data_end__)
        *dst++ = *src++;
    for (dst = &__bss_start__; dst < &__bss_end__;)
        *dst++ = 0;
#if defined(__ARM_FP)
    /* CPACR: full access to CP10 and CP11 (the FPU) before any floating-point instruction. */
    *(volatile uint32_t *)0xE000ED88u |= 0xFu << 20;
    __asm__ volatile("dsb\n\tisb" ::: "memory");
#endif
#if defined(__ARM_ARCH_7M__) || defined(__ARM_ARCH_7EM__) || defined(__ARM_ARCH_8M_MAIN__)
    /* CCR: trap integer division by zero; unaligned accesses stay allowed (the ARMv7-M default). */
    *(volatile uint32_t *)0xE000ED14u |= 1u << 4;
#endif
    timer_start();
    initialise_monitor_handles();
    __libc_init_array();
    int argc = command_line();
    mps2_exit(main(argc, argv_store));
}

typedef void (*vector_t)(void);

__attribute__((section(".isr_vector"), used)) static const vector_t vectors[16 + 32] = {
    (vector_t)&__stack_top__,
    Reset_Handler,
    unexpected, /* NMI */
    hard_fault,
    mem_fault,
    bus_fault,
    usage_fault,
    [7 ... 16 + 31] = unexpected,
};

/* -nostartfiles: newlib's __libc_init_array calls _init, which crti/crtn would provide. */
void _init(void) {}
void _fini(void) {}
