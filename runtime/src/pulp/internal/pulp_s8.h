/**
 * @file pulp_s8.h
 * @brief What the PULP convolution and fully connected kernels share: a block of up to four output channels'
 *        weight rows, and their epilogue, which is the reference one (caps_ref_requantize, caps_ref_output_s8)
 *        applied to the same exact sum, so the outputs are bit-exact with ref/.
 */
#ifndef CAPSRT_PULP_INTERNAL_PULP_S8_H
#define CAPSRT_PULP_INTERNAL_PULP_S8_H

#include "../../ref/internal/ref_s8.h"
#include "pulp_dot.h"

/** The weight rows of channels first .. first + count - 1 (count in 1 .. 4) in rows[0 .. 3], each k bytes
 *  apart from weights; a missing row repeats the last one (computed again, never stored). */
static inline void caps_pulp_weight_rows(const int8_t *weights, int32_t k, int32_t first, int32_t count,
                                         const int8_t *rows[4]) {
    for (int32_t c = 0; c < 4; ++c)
        rows[c] = weights + (int64_t)(first + (c < count ? c : count - 1)) * k;
}

/**
 * The int8 output of one channel from sum = the exact sum of x * w over its taps (the padded ones holding
 * -input_offset) and w_sum = the sum of its weights: sat32(bias + sum + input_offset * w_sum), requantized,
 * offset and clamped as the reference kernels do.
 */
static inline int8_t caps_pulp_output(int64_t sum, int64_t w_sum, int32_t input_offset, int32_t bias,
                                      int32_t multiplier, int32_t shift, int32_t output_offset, int32_t act_min,
                                      int32_t act_max) {
    const int64_t acc = (int64_t)bias + sum + (int64_t)input_offset * w_sum;
    return caps_ref_output_s8(caps_ref_requantize(caps_ref_sat32(acc), multiplier, shift), output_offset, act_min,
                              act_max);
}

#endif /* CAPSRT_PULP_INTERNAL_PULP_S8_H */
