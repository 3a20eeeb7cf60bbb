/**
 * @file ref_s8.h
 * @brief Validation and output stage shared by the int8 ref/ kernels, and the broadcasting loop of the
 *        int8 binary kernels (caps_add_s8, caps_sub_s8, caps_mul_s8).
 *
 * Ranges accepted by the int8 kernels (params.def, "int8 (s8) kernels"):
 *  - an input offset is minus an int8 zero point: [-127, 128], so x + offset lies in [-255, 255];
 *  - an output offset is an int8 zero point: [-128, 127];
 *  - -128 <= act_min <= act_max <= 127;
 *  - a requantization pair (multiplier, shift) has multiplier 0 (pow2 scheme) or in [2^30, 2^31), and
 *    shift in [-31, 31] (see caps_ref_requantize; caps_quantize_multiplier only produces such pairs).
 */
#ifndef CAPSRT_REF_INTERNAL_REF_S8_H
#define CAPSRT_REF_INTERNAL_REF_S8_H

#include "ref_quant.h"
#include "ref_util.h"

/** Whether -128 <= act_min <= act_max <= 127. */
static inline int caps_ref_act_ok(int32_t act_min, int32_t act_max) {
    return act_min >= -128 && act_min <= act_max && act_max <= 127;
}

/** Whether offset is minus an int8 zero point, i.e. in [-127, 128]. */
static inline int caps_ref_input_offset_ok(int32_t offset) { return offset >= -127 && offset <= 128; }

/** Whether offset is an int8 zero point, i.e. in [-128, 127]. */
static inline int caps_ref_output_offset_ok(int32_t offset) { return offset >= -128 && offset <= 127; }

/** Whether (multiplier, shift) is a requantization pair the kernels accept (see the file comment). */
static inline int caps_ref_requant_ok(int32_t multiplier, int32_t shift) {
    return (multiplier == 0 || multiplier >= ((int32_t)1 << 30)) && shift >= -31 && shift <= 31;
}

/** CAPS_OK when multiplier and shift are non-NULL and the count pairs (multiplier[i], shift[i]) are valid. */
caps_status_t caps_ref_check_requant_array(const int32_t *multiplier, const int32_t *shift, int32_t count);

/**
 * The output stage of every requantizing int8 kernel: clamp(requantized + output_offset, act_min, act_max).
 * Defined for every int32 requantized (the sum is formed in int64), given valid act_min / act_max.
 */
static inline int8_t caps_ref_output_s8(int32_t requantized, int32_t output_offset, int32_t act_min, int32_t act_max) {
    const int64_t y = (int64_t)requantized + output_offset;
    return (int8_t)(y < act_min ? act_min : y > act_max ? act_max : y);
}

/** num / den rounded to nearest, ties away from zero; den > 0, |num| and den below 2^61. */
static inline int64_t caps_ref_div_round_away(int64_t num, int64_t den) {
    const int64_t mag = num < 0 ? -num : num;
    const int64_t q = (2 * mag + den) / (2 * den); /* floor(|num| / den + 1/2) */
    return num < 0 ? -q : q;
}

/**
 * CAPS_OK when params, input and output are non-NULL, size > 0, scale is positive and finite and
 * zero_point is in [-128, 127] (caps_quantize_s8, caps_dequantize_s8).
 */
caps_status_t caps_ref_check_quantize(const caps_quantize_params_t *params, const void *input, const void *output);

/** Per-element operation of an int8 binary kernel: the output value for input values a and b. */
typedef int8_t (*caps_ref_binary_s8_op_t)(const caps_binary_s8_params_t *params, int32_t a, int32_t b);

/**
 * CAPS_OK when params and the tensors are non-NULL, the shape fields are valid as for the f32 binary
 * kernels (caps_ref_check_binary), a_offset / b_offset are input offsets, output_offset an output offset,
 * act_min / act_max valid and (output_multiplier, output_shift) a valid pair; with input_requant also
 * (a_multiplier, a_shift), (b_multiplier, b_shift) and 0 <= left_shift <= 20 (add / sub).
 */
caps_status_t caps_ref_check_binary_s8(const caps_binary_s8_params_t *params,
                                       const int8_t *a,
                                       const int8_t *b,
                                       const int8_t *output,
                                       int input_requant);

/**
 * output[o] = op(a[sum o_d * a_strides[d]], b[sum o_d * b_strides[d]]) over the output shape in row-major
 * order, as caps_ref_binary; each output element is written right after its operands are read, so the
 * output may alias an input of the output's shape. params must have been validated.
 */
static inline void caps_ref_binary_s8(const caps_binary_s8_params_t *params,
                                      const int8_t *a,
                                      const int8_t *b,
                                      int8_t *output,
                                      caps_ref_binary_s8_op_t op) {
    if (params->rank == 0) {
        output[0] = op(params, a[0], b[0]);
        return;
    }
    const int32_t last = params->rank - 1;
    const int32_t inner = params->out_dims[last];
    const int32_t sa = params->a_strides[last];
    const int32_t sb = params->b_strides[last];
    caps_ref_iter_t it;
    caps_ref_iter_init(&it, last, params->out_dims, params->a_strides, 0, params->b_strides, 0);
    int8_t *out = output;
    do {
        const int8_t *pa = a + it.off_a;
        const int8_t *pb = b + it.off_b;
        for (int32_t i = 0; i < inner; ++i)
            out[i] = op(params, pa[i * sa], pb[i * sb]);
        out += inner;
    } while (caps_ref_iter_next(&it));
}

/** One output element of caps_add_s8 (all variants): a' = requant((a + a_offset) 2^left_shift), b' likewise,
 *  y = clamp(requant(sat32(a' + b')) + output_offset, act_min, act_max). */
static inline int8_t caps_ref_add_s8_op(const caps_binary_s8_params_t *p, int32_t a, int32_t b) {
    const int32_t scale = (int32_t)1 << p->left_shift;
    const int32_t sa = caps_ref_requantize((a + p->a_offset) * scale, p->a_multiplier, p->a_shift);
    const int32_t sb = caps_ref_requantize((b + p->b_offset) * scale, p->b_multiplier, p->b_shift);
    const int32_t raw = caps_ref_sat32((int64_t)sa + (int64_t)sb);
    const int32_t requantized = caps_ref_requantize(raw, p->output_multiplier, p->output_shift);
    return caps_ref_output_s8(requantized, p->output_offset, p->act_min, p->act_max);
}

/** Every check of caps_softmax_s8 (all variants): non-NULL tensors, outer * axis_size * inner within int32,
 *  input_multiplier >= 0, input_left_shift in [0, 31], diff_min <= 0. */
caps_status_t caps_ref_check_softmax_s8(const caps_softmax_s8_params_t *params, const int8_t *input, const int8_t *output);

/** Largest in_dim of caps_predict_s8 whose int32 sums cannot overflow: in_dim * 128 * 128 <= INT32_MAX. */
#define CAPS_PREDICT_S8_MAX_IN_DIM 131071

/** Every check of caps_predict_s8 (all variants): non-NULL pointers, positive sizes whose products fit int32,
 *  valid requantization pairs (CAPS_ERR_ARG), in_dim <= CAPS_PREDICT_S8_MAX_IN_DIM (CAPS_ERR_UNSUPPORTED). */
caps_status_t caps_ref_check_predict_s8(const caps_predict_params_t *params,
                                        const int8_t *u,
                                        const int8_t *weights,
                                        const int32_t *multiplier,
                                        const int32_t *shift,
                                        const int8_t *u_hat);

/** Every check of caps_fc_s8 (all variants): non-NULL tensors, positive sizes whose products fit int32, the
 *  offsets and activation range, valid requantization pairs. */
caps_status_t caps_ref_check_fc_s8(const caps_fc_s8_params_t *params,
                                   const int8_t *input,
                                   const int8_t *weights,
                                   const int32_t *multiplier,
                                   const int32_t *shift,
                                   const int8_t *output);

#endif /* CAPSRT_REF_INTERNAL_REF_S8_H */
