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

#include "../internal/ref_move.h"

/**
 * Pads (or crops) a dense tensor.
 * @param params rank 1..CAPS_MAX_DIMS, in_dims / out_dims > 0 (products <= INT32_MAX), pads_begin any,
 *               mode CAPS_PAD_CONSTANT / CAPS_PAD_REFLECT / CAPS_PAD_EDGE, value (constant mode)
 * @param input  dense tensor of shape in_dims
 * @param output dense tensor of shape out_dims; must not overlap the input
 * @return CAPS_OK, or CAPS_ERR_ARG for NULL tensors or invalid parameters
 */
caps_status_t caps_pad_f32(const caps_pad_params_t *params, const float *input, float *output) {
    if (caps_ref_check_pad(params, input, output) != CAPS_OK)
        return CAPS_ERR_ARG;
    caps_ref_pad_copy(params, input, &params->value, output, sizeof(float));
    return CAPS_OK;
}
