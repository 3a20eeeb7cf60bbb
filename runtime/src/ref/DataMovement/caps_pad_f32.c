/**
 * @file caps_pad_f32.c
 * @brief caps_pad_f32 - constant / reflect / edge padding (ONNX Pad), float.
 *
 * Input dense with shape in_dims[0 .. rank), output dense with shape out_dims. Along dim d, output index
 * o reads input index i = o - pads_begin[d]; the pad at the end of the dim is out_dims[d] - in_dims[d] -
 * pads_begin[d]. Negative pads crop. When i is outside [0, in_dims[d]):
 *   CAPS_PAD_CONSTANT: the element is value (in any dim);
 *   CAPS_PAD_REFLECT:  i is mirrored about the edges without repeating them (numpy "reflect"), as often as
 *                      needed: i is taken modulo the period 2 * (n - 1) and folded back (n = 1: i = 0);
 *   CAPS_PAD_EDGE:     i is clamped to [0, n - 1] (numpy "edge").
 * The output is a window of the input padded without limit, so cropping on one side never changes what
 * the other side reflects (crop and pad happen on the original input). Values are copied unchanged.
 */
#include "capsrt/capsrt.h"

#include "../internal/ref_util.h"

/** Input index read by output index o along a dim of n elements, or -1 for a constant fill. */
static int32_t caps_ref_pad_source(int32_t o, int32_t n, int32_t pad_begin, int32_t mode) {
    int64_t i = (int64_t)o - pad_begin;
    if (i >= 0 && i < n)
        return (int32_t)i;
    if (mode == CAPS_PAD_CONSTANT)
        return -1;
    if (mode == CAPS_PAD_EDGE)
        return i < 0 ? 0 : n - 1;
    /* CAPS_PAD_REFLECT: a triangle wave of period 2 * (n - 1). */
    if (n == 1)
        return 0;
    const int64_t period = 2 * (int64_t)(n - 1);
    i %= period;
    if (i < 0)
        i += period;
    return (int32_t)(i < n ? i : period - i);
}

/**
 * Pads (or crops) a dense tensor.
 * @param params rank 1..CAPS_MAX_DIMS, in_dims / out_dims > 0 (products <= INT32_MAX), pads_begin any,
 *               mode CAPS_PAD_CONSTANT / CAPS_PAD_REFLECT / CAPS_PAD_EDGE, value (constant mode)
 * @param input  dense tensor of shape in_dims
 * @param output dense tensor of shape out_dims; must not overlap the input
 * @return CAPS_OK, or CAPS_ERR_ARG for NULL tensors or invalid parameters
 */
caps_status_t caps_pad_f32(const caps_pad_params_t *params, const float *input, float *output) {
    if (params == NULL || input == NULL || output == NULL)
        return CAPS_ERR_ARG;
    const caps_pad_params_t *p = params;
    if (caps_ref_shape_count(p->rank, p->in_dims, 1) < 0 || caps_ref_shape_count(p->rank, p->out_dims, 1) < 0)
        return CAPS_ERR_ARG;
    if (p->mode != CAPS_PAD_CONSTANT && p->mode != CAPS_PAD_REFLECT && p->mode != CAPS_PAD_EDGE)
        return CAPS_ERR_ARG;
    int32_t in_strides[CAPS_MAX_DIMS] = {0};
    caps_ref_dense_strides(p->rank, p->in_dims, in_strides);
    const int32_t last = p->rank - 1;
    const int32_t inner = p->out_dims[last];
    caps_ref_iter_t it; /* walks the output rows (all dims but the last) */
    caps_ref_iter_init(&it, last, p->out_dims, NULL, 0, NULL, 0);
    float *out = output;
    do {
        /* Input offset of the row, or fill when some outer dim lands in a constant pad. */
        int32_t row = 0;
        int fill = 0;
        for (int32_t d = 0; d < last; ++d) {
            const int32_t i = caps_ref_pad_source(it.idx[d], p->in_dims[d], p->pads_begin[d], p->mode);
            if (i < 0) {
                fill = 1;
                break;
            }
            row += i * in_strides[d];
        }
        for (int32_t o = 0; o < inner; ++o) {
            const int32_t i = fill ? -1 : caps_ref_pad_source(o, p->in_dims[last], p->pads_begin[last], p->mode);
            out[o] = i < 0 ? p->value : input[row + i];
        }
        out += inner;
    } while (caps_ref_iter_next(&it));
    return CAPS_OK;
}
