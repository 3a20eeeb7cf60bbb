/* The per-layer profile hooks of generated code (CAPS_PROFILE, capsrt.h) for the emulated boards: instructions
 * retired per layer, from the board's deterministic counter (board.h of the board's directory, on the include
 * path: the MPS2 dual timer, or minstret on the RISC-V virt machine). */
#include "board.h"

#include "capsrt/capsrt.h"

#ifndef CAPS_BOARD_PROFILE_MAX_LAYERS
#define CAPS_BOARD_PROFILE_MAX_LAYERS 512
#endif

static struct {
    const char *name;
    uint64_t ticks;
    uint32_t calls;
} layers[CAPS_BOARD_PROFILE_MAX_LAYERS];
static uint32_t started;
static uint32_t overflow; /* layers beyond CAPS_BOARD_PROFILE_MAX_LAYERS */

void caps_profile_begin(int32_t layer, const char *name) {
    (void)layer;
    (void)name;
    started = CAPS_BOARD_TICKS();
}

void caps_profile_end(int32_t layer, const char *name) {
    uint32_t elapsed = CAPS_BOARD_TICKS() - started;
    if (layer < 0 || layer >= CAPS_BOARD_PROFILE_MAX_LAYERS) {
        ++overflow;
        return;
    }
    layers[layer].name = name;
    layers[layer].ticks += elapsed;
    layers[layer].calls += 1;
}

void CAPS_BOARD_PROFILE_REPORT(FILE *out) {
    uint64_t total = 0;
    int32_t i;
    for (i = 0; i < CAPS_BOARD_PROFILE_MAX_LAYERS; ++i) {
        if (!layers[i].calls)
            continue;
        const uint64_t instructions = CAPS_BOARD_TICKS_TO_INSTRUCTIONS(layers[i].ticks);
        total += instructions;
        fprintf(out, "CAPS_PROFILE %ld %llu %lu %s\n", (long)i, (unsigned long long)instructions,
                (unsigned long)layers[i].calls, layers[i].name);
    }
    if (overflow)
        fprintf(out, "CAPS_PROFILE_OVERFLOW %lu layers beyond %d not recorded\n", (unsigned long)overflow,
                CAPS_BOARD_PROFILE_MAX_LAYERS);
    fprintf(out, "CAPS_PROFILE_TOTAL %llu\n", (unsigned long long)total);
}
