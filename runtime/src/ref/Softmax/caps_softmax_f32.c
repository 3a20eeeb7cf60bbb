/**
 * @file caps_softmax_f32.c
 * @brief caps_softmax_f32 - numerically stable softmax over one axis (ONNX Softmax, opset >= 13), float.
 *
 * The tensor is viewed as [outer, axis_size, inner]; softmax runs over the middle dim for each of the
 * outer * inner lines (elements axis_size apart by inner).
 *
 * Evaluation order (the definition of the result, bit for bit), per line x[0 .. axis_size):
 *   mx  = x[0], then mx = x[a] when x[a] > mx, a increasing;
 *   e_a = expf(x[a] - mx), stored in the output;
 *   sum = +0.0f, then sum = sum + e_a, a increasing;
 *   y_a = e_a / sum.
 * Each input element is read before the output element at the same position is written, so the
 * output may be the input buffer.
 */
#include "capsrt/capsrt.h"

#include <math.h>

#include "../internal/ref_util.h"

/**
 * Softmax over the middle dim of [outer, axis_size, inner].
 * @param params outer, axis_size, inner > 0 with product <= INT32_MAX
 * @param input  [outer, axis_size, inner]
 * @param output [outer, axis_size, inner]
 * @return CAPS_OK, or CAPS_ERR_ARG for NULL tensors or invalid dims
 */
caps_status_t caps_softmax_f32(const caps_softmax_params_t *params, const float *input, float *output) {
    if (params == NULL || input == NULL || output == NULL)
        return CAPS_ERR_ARG;
    const caps_softmax_params_t *p = params;
    if (caps_ref_mul(caps_ref_mul(p->outer, p->axis_size), p->inner) < 0)
        return CAPS_ERR_ARG;
    const int32_t step = p->inner;
    for (int32_t o = 0; o < p->outer; ++o) {
        for (int32_t i = 0; i < p->inner; ++i) {
            const int32_t base = o * p->axis_size * p->inner + i;
            const float *x = input + base;
            float *y = output + base;
            float mx = x[0];
            for (int32_t a = 1; a < p->axis_size; ++a) {
                if (x[a * step] > mx)
                    mx = x[a * step];
            }
            float sum = 0.0f;
            for (int32_t a = 0; a < p->axis_size; ++a) {
                const float e = expf(x[a * step] - mx);
                y[a * step] = e;
                sum = sum + e;
            }
            for (int32_t a = 0; a < p->axis_size; ++a)
                y[a * step] = y[a * step] / sum;
        }
    }
    return CAPS_OK;
}
