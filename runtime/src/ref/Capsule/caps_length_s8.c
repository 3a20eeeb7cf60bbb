/**
 * @file caps_length_s8.c
 * @brief caps_length_s8 - capsule lengths (class scores), int8 in, affine int8 out.
 *
 * Input [count, dim] symmetric (scale S_in), output [count] with scale S_out and output_zero_point (lengths
 * lie in [0, 1] after a squash, hence affine). Per capsule: N2 = sum q^2 exact in 64 bits, its square root
 * as the exact integer square root of N2 * 4^k scaled to 61-62 bits (caps_ref_pf_sqrt_u64), then
 *   out = clamp(round(sqrt(N2) * S_in / S_out) + output_zero_point, -128, 127)
 * with one rounding (ties away from zero) of the exact product. Integer arithmetic only.
 */
#include "capsrt/capsrt.h"

#include "../internal/ref_capsule.h"

/**
 * int8 capsule lengths; see capsrt.h.
 * @param params count, dim > 0 (count * dim <= INT32_MAX); (multiplier, shift) = S_in / S_out with multiplier
 *               in [2^30, 2^31) and shift in [-300, 300]; output_zero_point in [-128, 127]
 * @return CAPS_OK, or CAPS_ERR_ARG for NULL tensors or invalid parameters (nothing is written then)
 */
caps_status_t caps_length_s8(const caps_length_s8_params_t *params, const int8_t *input, int8_t *output) {
    if (caps_ref_check_length_s8(params, input, output) != CAPS_OK)
        return CAPS_ERR_ARG;
    for (int32_t c = 0; c < params->count; ++c) {
        const int8_t *x = input + c * params->dim;
        uint64_t n2 = 0;
        for (int32_t d = 0; d < params->dim; ++d)
            n2 += (uint64_t)((int32_t)x[d] * (int32_t)x[d]);
        output[c] = caps_ref_length_from_n2(params, n2);
    }
    return CAPS_OK;
}
