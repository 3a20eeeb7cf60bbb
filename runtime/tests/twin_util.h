/**
 * @file twin_util.h
 * @brief Helpers of the arm/ twin tests (test_arm_twins.c, test_arm_capsule_twins.c): int8 output buffers with a
 *        guard filled with a sentinel, and the byte-for-byte comparison of an arm/ kernel's call with its ref/
 *        twin's (status, every output byte and the guard); the capsule data and routing parameters both draw.
 */
#ifndef CAPSRT_TESTS_TWIN_UTIL_H
#define CAPSRT_TESTS_TWIN_UTIL_H

#include "test_util.h"

/** Bytes past every output that neither variant may write. */
#define TWIN_GUARD 16

/** n int8 plus the guard. */
static inline int8_t *twin_alloc_s8(int32_t n) { return (int8_t *)tu_alloc_bytes(n + TWIN_GUARD, 1); }

/** Two output buffers of n bytes plus the guard, filled with the same sentinel. */
static inline void twin_alloc_outputs(int32_t n, int8_t **y_arm, int8_t **y_ref) {
    *y_arm = twin_alloc_s8(n);
    *y_ref = twin_alloc_s8(n);
    memset(*y_arm, 0x5a, (size_t)(n + TWIN_GUARD));
    memset(*y_ref, 0x5a, (size_t)(n + TWIN_GUARD));
}

/** 1 when both variants returned the same status and wrote the same bytes (guard included); frees both. */
static inline int twin_outputs_agree(const char *what, caps_status_t s_arm, caps_status_t s_ref, int8_t *y_arm,
                                     int8_t *y_ref, int32_t n) {
    const int same = s_arm == s_ref && memcmp(y_arm, y_ref, (size_t)(n + TWIN_GUARD)) == 0;
    if (!same)
        fprintf(stderr, "%s: arm and ref differ (status %d vs %d)\n", what, (int)s_arm, (int)s_ref);
    free(y_arm);
    free(y_ref);
    return same;
}

/** Capsule-like int8 data: kind 1 extremes (-128 / 127), 2 zeros, else random with amplitudes 1 .. 128 in runs
 *  of four. */
static inline void twin_fill_capsules(int8_t *x, int32_t n, int32_t kind) {
    static const int32_t amp[8] = {1, 2, 4, 8, 16, 40, 90, 128};
    for (int32_t i = 0; i < n; ++i) {
        if (kind == 1)
            x[i] = (int8_t)(i % 3 ? -128 : 127);
        else if (kind == 2)
            x[i] = 0;
        else
            x[i] = (int8_t)tu_rand_int(-amp[(i / 4) % 8], amp[(i / 4) % 8] - 1);
    }
}

/** Random dynamic-routing shapes for trial `trial` of a twin test (in_caps 1 .. max_in_caps, out_caps 1 .. 12,
 *  out_dim 1 .. 16, 1 .. 4 iterations, the squash variants in turn), the other fields zero, to be prepared. */
static inline void twin_routing_shape(caps_routing_s8_params_t *p, int trial, int32_t max_in_caps) {
    memset(p, 0, sizeof *p);
    p->n = tu_rand_int(1, 2);
    p->in_caps = tu_rand_int(1, max_in_caps);
    p->out_caps = tu_rand_int(1, 12);
    p->out_dim = tu_rand_int(1, 16);
    p->iterations = tu_rand_int(1, 4);
    p->squash_variant = trial % 2 ? CAPS_SQUASH_EFFICIENT : CAPS_SQUASH_SABOUR;
}

/** The prepared 3 -> 2 x 4 dynamic routing (3 iterations) whose variations the twin tests' invalid cases are. */
static inline caps_status_t twin_routing_small(caps_routing_s8_params_t *p) {
    memset(p, 0, sizeof *p);
    p->n = 1;
    p->in_caps = 3;
    p->out_caps = 2;
    p->out_dim = 4;
    p->iterations = 3;
    p->squash_variant = CAPS_SQUASH_SABOUR;
    return caps_dynamic_routing_s8_prepare(p, 0.1, 1.0 / 128, 1e-7f, NULL, NULL);
}

#endif /* CAPSRT_TESTS_TWIN_UTIL_H */
