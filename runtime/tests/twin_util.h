/**
 * @file twin_util.h
 * @brief Helpers of the arm/ twin tests (test_arm_twins.c, test_arm_capsule_twins.c): int8 output buffers with a
 *        guard filled with a sentinel, and the byte-for-byte comparison of an arm/ kernel's call with its ref/
 *        twin's (status, every output byte and the guard).
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

#endif /* CAPSRT_TESTS_TWIN_UTIL_H */
