/**
 * @file caps_squash_s8.c
 * @brief caps_squash_s8 - squash nonlinearity of capsule networks, int8.
 *
 * Tensor [count, dim] row-major, symmetric int8 in (scale S) and out (scale S_out). Per capsule: the exact
 * squared norm N2 = sum q^2 in 64 bits (dim * 2^14 < 2^46), one gain g (caps_ref_squash_gain: pseudo-float,
 * one fixed-point reciprocal, exact integer square root, fixed-point exp for the efficient variant), then
 * out = clamp(round(q * g), -128, 127) per element (ties away from zero). Integer arithmetic only. A zero
 * capsule gives zeros. The output may alias the input (the norm is read before any element is written).
 */
#include "capsrt/capsrt.h"

#include "../internal/ref_capsule.h"

/**
 * int8 squash; see capsrt.h.
 * @param params count, dim > 0 (count * dim <= INT32_MAX), variant CAPS_SQUASH_*, constants from
 *               caps_squash_s8_prepare (multipliers in [2^30, 2^31), shifts in [-300, 300])
 * @param input  [count, dim]
 * @param output [count, dim]; may be input
 * @return CAPS_OK, or CAPS_ERR_ARG for NULL tensors or invalid parameters (nothing is written then)
 */
caps_status_t caps_squash_s8(const caps_squash_s8_params_t *params, const int8_t *input, int8_t *output) {
    caps_ref_squash_s8_t k;
    if (caps_ref_check_squash_s8(params, input, output, &k) != CAPS_OK)
        return CAPS_ERR_ARG;
    const int32_t dim = params->dim;
    for (int32_t c = 0; c < params->count; ++c) {
        const int8_t *x = input + c * dim;
        int8_t *y = output + c * dim;
        uint64_t n2 = 0;
        for (int32_t d = 0; d < dim; ++d)
            n2 += (uint64_t)((int32_t)x[d] * (int32_t)x[d]);
        const caps_ref_pf_t g = caps_ref_squash_gain(&k, n2, 0);
        for (int32_t d = 0; d < dim; ++d)
            y[d] = (int8_t)caps_ref_clamp(caps_ref_pf_apply(x[d], g), -128, 127);
    }
    return CAPS_OK;
}
