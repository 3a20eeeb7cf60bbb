/**
 * @file caps_fc_s8.c
 * @brief caps_fc_s8 - fully connected layer (ONNX Gemm with transB = 1, quantized), int8.
 *
 * Layouts (row-major): input [m, k], weights [n, k] (one row per output feature), optional int32 bias [n],
 * output [m, n]. Per output element (i, j):
 *   acc = sat32(bias[j] + sum_p (x[i, p] + input_offset) * w[j, p])     (0 without bias)
 *   y   = clamp(caps_ref_requantize(acc, multiplier[j], shift[j]) + output_offset, act_min, act_max)
 * The sum is formed exactly in int64 (at most INT32_MAX terms of magnitude <= 255 * 128) and saturated to
 * int32: it equals the int32 accumulation of TFLite / CMSIS-NN whenever that does not overflow, and is
 * defined for every input.
 */
#include "capsrt/capsrt.h"

#include "../internal/ref_s8.h"

/**
 * Fully connected int8 layer, requantized per output feature.
 * @param params     m, n, k > 0 (m * k, n * k, m * n <= INT32_MAX); input_offset in [-127, 128],
 *                   output_offset in [-128, 127], -128 <= act_min <= act_max <= 127
 * @param input      [m, k]
 * @param weights    [n, k] (any int8 values)
 * @param bias       [n] int32 (any values) or NULL
 * @param multiplier [n]: 0 or in [2^30, 2^31)
 * @param shift      [n]: in [-31, 31]
 * @param output     [m, n]; must not overlap the inputs
 * @return CAPS_OK, or CAPS_ERR_ARG for NULL tensors or invalid parameters (nothing is written then)
 */
caps_status_t caps_fc_s8(const caps_fc_s8_params_t *params,
                         const int8_t *input,
                         const int8_t *weights,
                         const int32_t *bias,
                         const int32_t *multiplier,
                         const int32_t *shift,
                         int8_t *output) {
    if (caps_ref_check_fc_s8(params, input, weights, multiplier, shift, output) != CAPS_OK)
        return CAPS_ERR_ARG;
    const caps_fc_s8_params_t *p = params;
    for (int32_t i = 0; i < p->m; ++i) {
        const int8_t *x = input + i * p->k;
        for (int32_t j = 0; j < p->n; ++j) {
            const int8_t *w = weights + j * p->k;
            int64_t acc = bias != NULL ? (int64_t)bias[j] : 0;
            for (int32_t kk = 0; kk < p->k; ++kk)
                acc += (int64_t)(((int32_t)x[kk] + p->input_offset) * (int32_t)w[kk]);
            const int32_t requantized = caps_ref_requantize(caps_ref_sat32(acc), multiplier[j], shift[j]);
            output[i * p->n + j] = caps_ref_output_s8(requantized, p->output_offset, p->act_min, p->act_max);
        }
    }
    return CAPS_OK;
}
