/**
 * @file caps_add_s8.c
 * @brief caps_add_s8 for the Arm DSP extension (the residual adds of int8 CNNs). Bit-exact with
 *        ref/Elementwise/caps_add_s8.c: when all three requantization pairs have a multiplier in [2^30, 2^31)
 *        and a shift <= 0 (what caps quantization produces), each one is caps_arm_requant_small_apply, exact
 *        here because every operand stays below 2^30 (|x + offset| <= 255 times 2^left_shift <= 2^20, and the
 *        sum of two such requantized values); other pairs take the reference operation. Broadcasting walks the
 *        output as the reference does.
 */
#include "capsrt/capsrt.h"

#include "../../ref/internal/ref_s8.h"
#include "../internal/arm_dsp.h"

typedef struct {
    int32_t a_offset, b_offset, scale, output_offset, act_min, act_max;
    caps_arm_requant_small_t a, b, out;
} add_t;

static inline int8_t add_small(const add_t *k, int32_t a, int32_t b) {
    const int32_t sa = caps_arm_requant_small_apply((a + k->a_offset) * k->scale, k->a);
    const int32_t sb = caps_arm_requant_small_apply((b + k->b_offset) * k->scale, k->b);
    const int32_t y = caps_arm_requant_small_apply(sa + sb, k->out) + k->output_offset;
    return (int8_t)(y < k->act_min ? k->act_min : y > k->act_max ? k->act_max : y);
}

/** out[i] = add_small(a[i], b[i]) for i < n, the parameters held in locals: through the pointer every int8 store
 *  (which may alias anything) would reload them. */
static __attribute__((noinline)) void add_run(const add_t *kp, const int8_t *a, const int8_t *b, int8_t *out, int32_t n) {
    const int32_t a_offset = kp->a_offset, b_offset = kp->b_offset, shift = __builtin_ctz((uint32_t)kp->scale);
    const int32_t off = kp->output_offset, lo = kp->act_min, hi = kp->act_max;
    const caps_arm_requant_small_t ra = kp->a, rb = kp->b, ro = kp->out;
    for (int32_t i = 0; i < n; ++i) {
        const int32_t sa = caps_arm_requant_small_apply((a[i] + a_offset) << shift, ra);
        const int32_t sb = caps_arm_requant_small_apply((b[i] + b_offset) << shift, rb);
        const int32_t y = caps_arm_requant_small_apply(sa + sb, ro) + off;
        out[i] = (int8_t)(y < lo ? lo : y > hi ? hi : y);
    }
}

caps_status_t caps_add_s8(const caps_binary_s8_params_t *params, const int8_t *a, const int8_t *b, int8_t *output) {
    if (caps_ref_check_binary_s8(params, a, b, output, 1) != CAPS_OK)
        return CAPS_ERR_ARG;
    const caps_binary_s8_params_t *p = params;
    add_t k;
    k.a_offset = p->a_offset;
    k.b_offset = p->b_offset;
    k.scale = (int32_t)1 << p->left_shift;
    k.output_offset = p->output_offset;
    k.act_min = p->act_min;
    k.act_max = p->act_max;
    const int small = caps_arm_requant_small_make(p->a_multiplier, p->a_shift, &k.a) &
                      caps_arm_requant_small_make(p->b_multiplier, p->b_shift, &k.b) &
                      caps_arm_requant_small_make(p->output_multiplier, p->output_shift, &k.out);
    if (!small || p->rank == 0) {
        caps_ref_binary_s8(p, a, b, output, caps_ref_add_s8_op);
        return CAPS_OK;
    }
    /* Operands without broadcasting (a residual add) are one run; NHWC rows of a few channels would otherwise
     * pay the walk for every few elements. */
    int32_t dense = 1, count = 1;
    for (int32_t d = p->rank - 1; d >= 0; --d) {
        if (p->out_dims[d] != 1 && (p->a_strides[d] != count || p->b_strides[d] != count))
            dense = 0;
        count *= p->out_dims[d];
    }
    if (dense) {
        add_run(&k, a, b, output, count);
        return CAPS_OK;
    }
    const int32_t last = p->rank - 1, inner = p->out_dims[last], sa = p->a_strides[last], sb = p->b_strides[last];
    caps_ref_iter_t it;
    caps_ref_iter_init(&it, last, p->out_dims, p->a_strides, 0, p->b_strides, 0);
    int8_t *out = output;
    do {
        const int8_t *pa = a + it.off_a, *pb = b + it.off_b;
        if (sa == 1 && sb == 1) {
            for (int32_t i = 0; i < inner; ++i)
                out[i] = add_small(&k, pa[i], pb[i]);
        } else {
            for (int32_t i = 0; i < inner; ++i)
                out[i] = add_small(&k, pa[i * sa], pb[i * sb]);
        }
        out += inner;
    } while (caps_ref_iter_next(&it));
    return CAPS_OK;
}
