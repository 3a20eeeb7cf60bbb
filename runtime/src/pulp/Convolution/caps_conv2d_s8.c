/**
 * @file caps_conv2d_s8.c
 * @brief caps_conv2d_s8 for PULP cores (GAP-8's Xpulpv2, CORE-V's xcvsimd; portable C elsewhere), every layout
 *        and grouping: im2col of two output positions into int8 columns in the weights' tap order (HWC runs
 *        copied whole for NHWC inputs), padded taps holding -input_offset, then four output channels by the two
 *        positions on 4-way int8 dot products (pulp_dot.h: 32 MACs per eight SDOTSP). The cluster's cores
 *        share each step: the weight sums once per call (channels in chunks), the two columns (one core each),
 *        then the channels of the group (in chunks), with the team's barrier between the phases. Depthwise
 *        layers have a path of their own (depthwise_phase): no columns, channels in chunks, one phase.
 *
 * Bit-exact with ref/Convolution/caps_conv2d_s8.c: a padded tap contributes (-input_offset + input_offset) w = 0,
 * as the reference kernel's skipped taps do, so sum (x + input_offset) w over the window = sum x w over the
 * column + input_offset * sum w over the channel's weights, both exact, followed by the reference epilogue.
 *
 * Scratch (caps_conv2d_s8_get_buffer_size): the two columns (round_up(k, 4) bytes each), then from the next
 * multiple of 8 the channels' weight sums (int64 each).
 */
#include "capsrt/capsrt.h"

#include "../../ref/internal/ref_conv.h"
#include "../internal/pulp_cluster.h"
#include "../internal/pulp_s8.h"

/** Most window taps of the depthwise path (int32 sums); larger depthwise windows take the general one. */
#define CAPS_PULP_DW_MAX_TAPS 65536

typedef struct {
    const caps_conv2d_s8_params_t *p;
    const int8_t *input, *weights;
    const int32_t *bias, *multiplier, *shift;
    int8_t *output;
    int8_t *cols[2];
    unsigned char *w_sums; /* int64 per output channel (memcpy: the scratch is only 4-byte aligned) */
    int32_t k, in_cpg, out_cpg;
    caps_ref_image_strides_t xs, ys;
    int32_t b, g, pixel, positions; /* the step: batch item, group, first output position, 1 or 2 of them */
} conv_t;

static void weight_sums_phase(void *arg, int32_t core, int32_t cores) {
    const conv_t *c = (const conv_t *)arg;
    int32_t lo, hi;
    caps_pulp_chunk(c->p->out_c, core, cores, &lo, &hi);
    for (int32_t oc = lo; oc < hi; ++oc) {
        const int64_t sum = caps_pulp_sum_s8(c->weights + (int64_t)oc * c->k, c->k);
        memcpy(c->w_sums + 8 * (int64_t)oc, &sum, sizeof sum);
    }
}

static inline int64_t weight_sum(const conv_t *c, int32_t oc) {
    int64_t sum;
    memcpy(&sum, c->w_sums + 8 * (int64_t)oc, sizeof sum);
    return sum;
}

/** The column of output position `pixel` of group g, batch item b, in the weights' tap order. */
static void gather(const conv_t *c, int32_t pixel, int8_t *col) {
    const caps_conv2d_s8_params_t *p = c->p;
    const int32_t oh = pixel / p->out_w, ow = pixel % p->out_w;
    const int32_t ih0 = oh * p->stride_h - p->pad_top, iw0 = ow * p->stride_w - p->pad_left;
    const int8_t pad = (int8_t)-p->input_offset; /* in [-128, 127] */
    const int8_t *x = c->input + (int64_t)c->b * c->xs.n + (int64_t)c->g * c->in_cpg * c->xs.c;
    int8_t *dst = col;
    if (p->layout & CAPS_LAYOUT_NHWC_IN) { /* taps [kh][kw][ic]: a run of in_cpg channels per tap */
        for (int32_t kh = 0; kh < p->k_h; ++kh) {
            const int32_t ih = ih0 + kh * p->dil_h;
            for (int32_t kw = 0; kw < p->k_w; ++kw, dst += c->in_cpg) {
                const int32_t iw = iw0 + kw * p->dil_w;
                if (ih < 0 || ih >= p->in_h || iw < 0 || iw >= p->in_w)
                    memset(dst, (unsigned char)pad, (size_t)c->in_cpg);
                else
                    memcpy(dst, x + (int64_t)ih * c->xs.h + (int64_t)iw * c->xs.w, (size_t)c->in_cpg);
            }
        }
        return;
    }
    for (int32_t ic = 0; ic < c->in_cpg; ++ic) { /* taps [ic][kh][kw] */
        const int8_t *x_c = x + (int64_t)ic * c->xs.c;
        for (int32_t kh = 0; kh < p->k_h; ++kh) {
            const int32_t ih = ih0 + kh * p->dil_h;
            const int row_ok = ih >= 0 && ih < p->in_h;
            for (int32_t kw = 0; kw < p->k_w; ++kw) {
                const int32_t iw = iw0 + kw * p->dil_w;
                *dst++ = row_ok && iw >= 0 && iw < p->in_w ? x_c[(int64_t)ih * c->xs.h + iw] : pad;
            }
        }
    }
}

/** Columns of the step's positions: one core each (both on a single core). */
static void gather_phase(void *arg, int32_t core, int32_t cores) {
    const conv_t *c = (const conv_t *)arg;
    for (int32_t q = 0; q < c->positions; ++q)
        if (cores == 1 || core == q)
            gather(c, c->pixel + q, c->cols[q]);
}

/** The step's outputs for the group's channels of this core's chunk, four at a time. */
static void compute_phase(void *arg, int32_t core, int32_t cores) {
    const conv_t *c = (const conv_t *)arg;
    const caps_conv2d_s8_params_t *p = c->p;
    int32_t lo, hi;
    caps_pulp_chunk(c->out_cpg, core, cores, &lo, &hi);
    const int8_t *col1 = c->positions == 2 ? c->cols[1] : c->cols[0];
    for (int32_t j = lo; j < hi; j += 4) {
        const int32_t nc = hi - j < 4 ? hi - j : 4, oc0 = c->g * c->out_cpg + j;
        const int8_t *rows[4];
        caps_pulp_weight_rows(c->weights, c->k, oc0, nc, rows);
        int64_t sums[2][4];
        caps_pulp_dot_4x2(c->cols[0], col1, rows, c->k, sums);
        for (int32_t q = 0; q < c->positions; ++q) {
            const int32_t pixel = c->pixel + q, oh = pixel / p->out_w, ow = pixel % p->out_w;
            int8_t *out = c->output + (int64_t)c->b * c->ys.n + (int64_t)oh * c->ys.h + (int64_t)ow * c->ys.w;
            for (int32_t i = 0; i < nc; ++i) {
                const int32_t oc = oc0 + i;
                out[(int64_t)oc * c->ys.c] =
                    caps_pulp_output(sums[q][i], weight_sum(c, oc), p->input_offset, c->bias != NULL ? c->bias[oc] : 0,
                                     c->multiplier[oc], c->shift[oc], p->output_offset, p->act_min, p->act_max);
            }
        }
    }
}

/**
 * Depthwise layers (one input channel per group): (batch item, output channel) pairs in chunks over the cores, in
 * one phase. A column would serve one channel at one position only, so there is no im2col: each output sums its
 * window's in-range taps directly, (x + input_offset) * w by one MAC each (the reference's exact sum; |sum| <=
 * k 255 128 fits int32 for the k <= CAPS_PULP_DW_MAX_TAPS this path takes).
 */
static void depthwise_phase(void *arg, int32_t core, int32_t cores) {
    const conv_t *c = (const conv_t *)arg;
    const caps_conv2d_s8_params_t *p = c->p;
    int32_t lo, hi;
    caps_pulp_chunk(p->n * p->out_c, core, cores, &lo, &hi);
    for (int32_t bo = lo; bo < hi; ++bo) {
        const int32_t b = bo / p->out_c, oc = bo % p->out_c;
        const int8_t *x = c->input + (int64_t)b * c->xs.n + (int64_t)(oc / c->out_cpg) * c->xs.c;
        const int8_t *w = c->weights + (int64_t)oc * c->k;
        int8_t *y = c->output + (int64_t)b * c->ys.n + (int64_t)oc * c->ys.c;
        const int32_t bias = c->bias != NULL ? c->bias[oc] : 0, off = p->input_offset;
        for (int32_t oh = 0; oh < p->out_h; ++oh) {
            const int32_t ih0 = oh * p->stride_h - p->pad_top;
            int32_t kh0, kh1;
            caps_ref_tap_range(ih0, p->k_h, p->dil_h, p->in_h, &kh0, &kh1);
            for (int32_t ow = 0; ow < p->out_w; ++ow) {
                const int32_t iw0 = ow * p->stride_w - p->pad_left;
                int32_t kw0, kw1;
                caps_ref_tap_range(iw0, p->k_w, p->dil_w, p->in_w, &kw0, &kw1);
                int32_t sum = 0;
                for (int32_t kh = kh0; kh < kh1; ++kh) {
                    const int8_t *xr = x + (int64_t)(ih0 + kh * p->dil_h) * c->xs.h + (int64_t)iw0 * c->xs.w;
                    const int8_t *wr = w + kh * p->k_w;
                    for (int32_t kw = kw0; kw < kw1; ++kw)
                        sum = caps_pulp_mac(sum, xr[(int64_t)kw * p->dil_w * c->xs.w] + off, wr[kw]);
                }
                y[(int64_t)oh * c->ys.h + (int64_t)ow * c->ys.w] =
                    caps_pulp_output(sum, 0, 0, bias, c->multiplier[oc], c->shift[oc], p->output_offset, p->act_min,
                                     p->act_max);
            }
        }
    }
}

caps_status_t caps_conv2d_s8(const caps_conv2d_s8_params_t *params,
                             const int8_t *input,
                             const int8_t *weights,
                             const int32_t *bias,
                             const int32_t *multiplier,
                             const int32_t *shift,
                             void *scratch,
                             int8_t *output) {
    if (caps_ref_check_conv2d_s8(params, input, weights, multiplier, shift, scratch, output) != CAPS_OK)
        return CAPS_ERR_ARG;
    const caps_conv2d_s8_params_t *p = params;
    conv_t c;
    c.p = p;
    c.input = input;
    c.weights = weights;
    c.bias = bias;
    c.multiplier = multiplier;
    c.shift = shift;
    c.output = output;
    c.in_cpg = p->in_c / p->groups;
    c.out_cpg = p->out_c / p->groups;
    c.k = c.in_cpg * p->k_h * p->k_w;
    const int32_t k_padded = (c.k + 3) / 4 * 4;
    c.cols[0] = (int8_t *)scratch;
    c.cols[1] = c.cols[0] + k_padded;
    c.w_sums = (unsigned char *)scratch + (2 * (int64_t)k_padded + 7) / 8 * 8;
    c.xs = caps_ref_image_strides(p->in_c, p->in_h, p->in_w, p->layout & CAPS_LAYOUT_NHWC_IN);
    c.ys = caps_ref_image_strides(p->out_c, p->out_h, p->out_w, p->layout & CAPS_LAYOUT_NHWC_OUT);
    if (c.in_cpg == 1 && p->groups > 1 && c.k <= CAPS_PULP_DW_MAX_TAPS) {
        caps_pulp_team_run(depthwise_phase, &c);
        return CAPS_OK;
    }
    caps_pulp_team_run(weight_sums_phase, &c);
    const int32_t pixels = p->out_h * p->out_w;
    for (c.b = 0; c.b < p->n; ++c.b) {
        for (c.g = 0; c.g < p->groups; ++c.g) {
            for (c.pixel = 0; c.pixel < pixels; c.pixel += 2) {
                c.positions = pixels - c.pixel < 2 ? 1 : 2;
                caps_pulp_team_run(gather_phase, &c);
                caps_pulp_team_run(compute_phase, &c);
            }
        }
    }
    return CAPS_OK;
}
