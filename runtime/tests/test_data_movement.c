/**
 * @file test_data_movement.c
 * @brief Unit tests of caps_transpose_f32, caps_concat_f32, caps_slice_f32, caps_pad_f32 and caps_pad_fill_f32.
 *
 * All four only move values, so results must match the references exactly:
 *  - transpose: every permutation of ranks 1 to 4, random permutations of ranks 5 and 6; the reference
 *    scatters each input element to its permuted coordinates;
 *  - concat: a tensor split along each axis into pieces, reassembled with one call per piece;
 *  - slice: positive and negative steps, size-1 outputs, ranks 1 to 6; the reference gathers per output
 *    coordinate;
 *  - pad: constant / reflect / edge with positive, zero, negative (crop) and reflect pads larger than the
 *    dim (numpy's repeated reflection, computed by folding step by step), plus ONNX / numpy known values;
 * and parameter validation of each kernel.
 */
#include "test_util.h"

/* ---------------------------------------------------------------- transpose */

static void run_transpose(int32_t rank, const int32_t *dims, const int32_t *perm) {
    caps_transpose_params_t p;
    memset(&p, 0, sizeof p);
    p.rank = rank;
    memcpy(p.in_dims, dims, (size_t)rank * sizeof(int32_t));
    memcpy(p.perm, perm, (size_t)rank * sizeof(int32_t));
    const int32_t n = tu_count(rank, dims);
    float *x = tu_alloc(n), *y = tu_alloc(n), *want = tu_alloc(n);
    tu_fill(x, n, -1.0f, 1.0f);
    int32_t odims[CAPS_MAX_DIMS];
    for (int32_t d = 0; d < rank; ++d)
        odims[d] = dims[perm[d]];
    for (int32_t i = 0; i < n; ++i) {
        int32_t xc[CAPS_MAX_DIMS], oc[CAPS_MAX_DIMS];
        tu_unravel(i, rank, dims, xc);
        for (int32_t d = 0; d < rank; ++d)
            oc[d] = xc[perm[d]];
        want[tu_ravel(rank, odims, oc)] = x[i];
    }
    CHECK(caps_transpose_f32(&p, x, y) == CAPS_OK);
    CHECK_BITS(y, want, n);
    free(x);
    free(y);
    free(want);
}

/** Calls run_transpose for every permutation of [0, rank) (Heap's algorithm, iterative). */
static void all_permutations(int32_t rank, const int32_t *dims) {
    int32_t perm[CAPS_MAX_DIMS], c[CAPS_MAX_DIMS] = {0};
    for (int32_t d = 0; d < rank; ++d)
        perm[d] = d;
    run_transpose(rank, dims, perm);
    int32_t i = 1;
    while (i < rank) {
        if (c[i] < i) {
            const int32_t j = (i % 2 == 0) ? 0 : c[i];
            const int32_t t = perm[j];
            perm[j] = perm[i];
            perm[i] = t;
            run_transpose(rank, dims, perm);
            c[i] += 1;
            i = 1;
        } else {
            c[i] = 0;
            ++i;
        }
    }
}

static void test_transpose(void) {
    const int32_t d1[] = {7}, d2[] = {3, 5}, d3[] = {2, 3, 4}, d4[] = {2, 3, 4, 5}, d4b[] = {1, 3, 1, 4};
    all_permutations(1, d1);
    all_permutations(2, d2);
    all_permutations(3, d3);
    all_permutations(4, d4);
    all_permutations(4, d4b);
    const int32_t d5[] = {2, 3, 2, 4, 3}, d6[] = {2, 1, 3, 2, 2, 3};
    for (int t = 0; t < 30; ++t) {
        const int32_t rank = t % 2 == 0 ? 5 : 6;
        int32_t perm[CAPS_MAX_DIMS];
        for (int32_t d = 0; d < rank; ++d)
            perm[d] = d;
        for (int32_t d = rank - 1; d > 0; --d) { /* Fisher-Yates */
            const int32_t j = tu_rand_int(0, d);
            const int32_t tmp = perm[d];
            perm[d] = perm[j];
            perm[j] = tmp;
        }
        run_transpose(rank, rank == 5 ? d5 : d6, perm);
    }
    const int32_t nchw[] = {1, 3, 4, 5}, to_nhwc[] = {0, 2, 3, 1};
    run_transpose(4, nchw, to_nhwc);
}

static void test_transpose_validation(void) {
    caps_transpose_params_t good;
    memset(&good, 0, sizeof good);
    good.rank = 3;
    good.in_dims[0] = 2;
    good.in_dims[1] = 3;
    good.in_dims[2] = 4;
    good.perm[0] = 2;
    good.perm[1] = 0;
    good.perm[2] = 1;
    float x[24] = {0}, y[24];
    CHECK(caps_transpose_f32(&good, x, y) == CAPS_OK);
    tu_fill_sentinel(y, 24);
    CHECK(caps_transpose_f32(NULL, x, y) == CAPS_ERR_ARG);
    CHECK(caps_transpose_f32(&good, NULL, y) == CAPS_ERR_ARG);
    CHECK(caps_transpose_f32(&good, x, NULL) == CAPS_ERR_ARG);
    caps_transpose_params_t p = good;
    p.rank = 0;
    CHECK(caps_transpose_f32(&p, x, y) == CAPS_ERR_ARG);
    p.rank = CAPS_MAX_DIMS + 1;
    CHECK(caps_transpose_f32(&p, x, y) == CAPS_ERR_ARG);
    p = good;
    p.in_dims[1] = 0;
    CHECK(caps_transpose_f32(&p, x, y) == CAPS_ERR_ARG);
    p = good;
    p.perm[1] = 2; /* duplicate */
    CHECK(caps_transpose_f32(&p, x, y) == CAPS_ERR_ARG);
    p = good;
    p.perm[0] = 3; /* out of range */
    CHECK(caps_transpose_f32(&p, x, y) == CAPS_ERR_ARG);
    p = good;
    p.perm[2] = -1;
    CHECK(caps_transpose_f32(&p, x, y) == CAPS_ERR_ARG);
    p = good;
    p.in_dims[0] = 0x7fffffff;
    CHECK(caps_transpose_f32(&p, x, y) == CAPS_ERR_ARG);
    CHECK(tu_is_sentinel(y, 24));
}

/* ---------------------------------------------------------------- concat */

/** Splits a random tensor along axis into pieces of the given sizes and concatenates them back. */
static void run_concat(int32_t rank, const int32_t *dims, int32_t axis, int32_t pieces, const int32_t *sizes) {
    const int32_t n = tu_count(rank, dims);
    float *full = tu_alloc(n), *y = tu_alloc(n);
    tu_fill(full, n, -1.0f, 1.0f);
    tu_fill_sentinel(y, n);
    int32_t outer = 1, after = 1;
    for (int32_t d = 0; d < axis; ++d)
        outer *= dims[d];
    for (int32_t d = axis + 1; d < rank; ++d)
        after *= dims[d];
    int32_t start = 0;
    for (int32_t k = 0; k < pieces; ++k) {
        /* Piece k: the coordinates with start <= x[axis] < start + sizes[k], gathered densely. */
        int32_t pdims[CAPS_MAX_DIMS];
        memcpy(pdims, dims, (size_t)rank * sizeof(int32_t));
        pdims[axis] = sizes[k];
        const int32_t np = tu_count(rank, pdims);
        float *piece = tu_alloc(np);
        for (int32_t i = 0; i < np; ++i) {
            int32_t c[CAPS_MAX_DIMS];
            tu_unravel(i, rank, pdims, c);
            c[axis] += start;
            piece[i] = full[tu_ravel(rank, dims, c)];
        }
        caps_concat_params_t p;
        memset(&p, 0, sizeof p);
        p.outer = outer;
        p.in_inner = sizes[k] * after;
        p.out_inner = dims[axis] * after;
        p.offset = start * after;
        CHECK(caps_concat_f32(&p, piece, y) == CAPS_OK);
        start += sizes[k];
        free(piece);
    }
    CHECK_BITS(y, full, n);
    free(full);
    free(y);
}

static void test_concat(void) {
    const int32_t dims[] = {2, 5, 3, 4};
    const int32_t s0[] = {1, 1};
    const int32_t s1[] = {2, 1, 2};
    const int32_t s2[] = {3};
    const int32_t s3[] = {1, 3};
    run_concat(4, dims, 0, 2, s0);
    run_concat(4, dims, 1, 3, s1);
    run_concat(4, dims, 2, 1, s2);
    run_concat(4, dims, 3, 2, s3);
    const int32_t v[] = {10};
    const int32_t sv[] = {4, 6};
    run_concat(1, v, 0, 2, sv);

    caps_concat_params_t good;
    memset(&good, 0, sizeof good);
    good.outer = 2;
    good.in_inner = 3;
    good.out_inner = 5;
    good.offset = 2;
    float x[6] = {0}, y[10];
    CHECK(caps_concat_f32(&good, x, y) == CAPS_OK);
    tu_fill_sentinel(y, 10);
    CHECK(caps_concat_f32(NULL, x, y) == CAPS_ERR_ARG);
    CHECK(caps_concat_f32(&good, NULL, y) == CAPS_ERR_ARG);
    CHECK(caps_concat_f32(&good, x, NULL) == CAPS_ERR_ARG);
    caps_concat_params_t p = good;
    p.offset = 3; /* 3 + 3 > 5 */
    CHECK(caps_concat_f32(&p, x, y) == CAPS_ERR_ARG);
    p.offset = -1;
    CHECK(caps_concat_f32(&p, x, y) == CAPS_ERR_ARG);
    p = good;
    p.in_inner = 6;
    p.offset = 0;
    CHECK(caps_concat_f32(&p, x, y) == CAPS_ERR_ARG);
    p = good;
    p.outer = 0;
    CHECK(caps_concat_f32(&p, x, y) == CAPS_ERR_ARG);
    p = good;
    p.in_inner = 0;
    CHECK(caps_concat_f32(&p, x, y) == CAPS_ERR_ARG);
    p = good;
    p.outer = 0x40000000; /* outer * out_inner overflows int32 */
    CHECK(caps_concat_f32(&p, x, y) == CAPS_ERR_ARG);
    p = good;
    p.offset = 0x7fffffff; /* offset + in_inner overflows int32 */
    CHECK(caps_concat_f32(&p, x, y) == CAPS_ERR_ARG);
    CHECK(tu_is_sentinel(y, 10));
}

/* ---------------------------------------------------------------- slice */

static void
run_slice(int32_t rank, const int32_t *in_dims, const int32_t *starts, const int32_t *steps, const int32_t *out_dims) {
    caps_slice_params_t p;
    memset(&p, 0, sizeof p);
    p.rank = rank;
    memcpy(p.in_dims, in_dims, (size_t)rank * sizeof(int32_t));
    memcpy(p.out_dims, out_dims, (size_t)rank * sizeof(int32_t));
    memcpy(p.starts, starts, (size_t)rank * sizeof(int32_t));
    memcpy(p.steps, steps, (size_t)rank * sizeof(int32_t));
    const int32_t nx = tu_count(rank, in_dims), ny = tu_count(rank, out_dims);
    float *x = tu_alloc(nx), *y = tu_alloc(ny), *want = tu_alloc(ny);
    tu_fill(x, nx, -1.0f, 1.0f);
    for (int32_t i = 0; i < ny; ++i) {
        int32_t oc[CAPS_MAX_DIMS], xc[CAPS_MAX_DIMS];
        tu_unravel(i, rank, out_dims, oc);
        for (int32_t d = 0; d < rank; ++d)
            xc[d] = starts[d] + oc[d] * steps[d];
        want[i] = x[tu_ravel(rank, in_dims, xc)];
    }
    CHECK(caps_slice_f32(&p, x, y) == CAPS_OK);
    CHECK_BITS(y, want, ny);
    free(x);
    free(y);
    free(want);
}

/** ONNX Slice output length of [start, end) with step along a dim (start / end already clamped). */
static int32_t slice_len(int32_t start, int32_t end, int32_t step) {
    if (step > 0)
        return end > start ? (end - start + step - 1) / step : 0;
    return start > end ? (start - end - step - 1) / -step : 0;
}

static void test_slice(void) {
    {
        const int32_t in[] = {10}, st[] = {2}, sp[] = {3}, out[] = {3}; /* 2, 5, 8 */
        run_slice(1, in, st, sp, out);
    }
    {
        const int32_t in[] = {10}, st[] = {9}, sp[] = {-1}, out[] = {10}; /* full reverse */
        run_slice(1, in, st, sp, out);
    }
    {
        const int32_t in[] = {4, 6}, st[] = {3, 5}, sp[] = {-2, -3}, out[] = {2, 2};
        run_slice(2, in, st, sp, out);
    }
    {
        const int32_t in[] = {3, 4, 5}, st[] = {1, 0, 4}, sp[] = {1, 2, -1}, out[] = {2, 2, 5};
        run_slice(3, in, st, sp, out);
    }
    {
        const int32_t in[] = {5, 5}, st[] = {4, 2}, sp[] = {100, -100}, out[] = {1, 1}; /* huge steps, size 1 */
        run_slice(2, in, st, sp, out);
    }
    for (int t = 0; t < 60; ++t) {
        const int32_t rank = tu_rand_int(1, CAPS_MAX_DIMS);
        int32_t in[CAPS_MAX_DIMS], st[CAPS_MAX_DIMS], sp[CAPS_MAX_DIMS], out[CAPS_MAX_DIMS];
        for (int32_t d = 0; d < rank; ++d) {
            in[d] = tu_rand_int(1, 6);
            sp[d] = tu_rand_int(1, 3) * (tu_rand_int(0, 1) ? 1 : -1);
            /* Random clamped [start, end) in ONNX terms, at least one element. */
            int32_t a = tu_rand_int(0, in[d] - 1), len;
            int32_t e;
            if (sp[d] > 0)
                e = tu_rand_int(a + 1, in[d]);
            else
                e = tu_rand_int(-1, a - 1);
            len = slice_len(a, e, sp[d]);
            st[d] = a;
            out[d] = len;
        }
        run_slice(rank, in, st, sp, out);
    }

    caps_slice_params_t good;
    memset(&good, 0, sizeof good);
    good.rank = 2;
    good.in_dims[0] = 4;
    good.in_dims[1] = 5;
    good.out_dims[0] = 2;
    good.out_dims[1] = 3;
    good.starts[0] = 3;
    good.starts[1] = 0;
    good.steps[0] = -2;
    good.steps[1] = 2;
    float x[20] = {0}, y[6];
    CHECK(caps_slice_f32(&good, x, y) == CAPS_OK);
    tu_fill_sentinel(y, 6);
    CHECK(caps_slice_f32(NULL, x, y) == CAPS_ERR_ARG);
    CHECK(caps_slice_f32(&good, NULL, y) == CAPS_ERR_ARG);
    CHECK(caps_slice_f32(&good, x, NULL) == CAPS_ERR_ARG);
    caps_slice_params_t p;
#define BAD(field, value)                                                                                              \
    do {                                                                                                               \
        p = good;                                                                                                      \
        p.field = (value);                                                                                             \
        CHECK(caps_slice_f32(&p, x, y) == CAPS_ERR_ARG);                                                               \
    } while (0)
    BAD(rank, 0);
    BAD(rank, CAPS_MAX_DIMS + 1);
    BAD(steps[1], 0);
    BAD(steps[0], -4);   /* last index 3 - 4 = -1 */
    BAD(starts[0], 4);   /* start past the end */
    BAD(starts[1], -1);  /* negative start */
    BAD(steps[1], 3);    /* last index 0 + 2 * 3 = 6 >= 5 */
    BAD(out_dims[0], 3); /* last index 3 - 2 * 2 = -1 */
    BAD(out_dims[1], 0);
    BAD(in_dims[0], -4);
    BAD(steps[1], 0x7fffffff);   /* last index overflows int32 */
    BAD(in_dims[1], 0x7fffffff); /* element count overflows int32 */
#undef BAD
    CHECK(tu_is_sentinel(y, 6));
}

/* ---------------------------------------------------------------- pad */

/** numpy-style source index of output index o, folding step by step; -1 for constant fill. */
static int32_t pad_source(int32_t o, int32_t n, int32_t pad_begin, int32_t mode) {
    int32_t i = o - pad_begin;
    if (i >= 0 && i < n)
        return i;
    if (mode == CAPS_PAD_CONSTANT)
        return -1;
    if (mode == CAPS_PAD_EDGE)
        return i < 0 ? 0 : n - 1;
    if (n == 1)
        return 0;
    while (i < 0 || i >= n)
        i = i < 0 ? -i : 2 * (n - 1) - i;
    return i;
}

static void run_pad(int32_t rank, const int32_t *in_dims, const int32_t *begin, const int32_t *end, int32_t mode) {
    caps_pad_params_t p;
    memset(&p, 0, sizeof p);
    p.rank = rank;
    p.mode = mode;
    p.value = 0.75f;
    for (int32_t d = 0; d < rank; ++d) {
        p.in_dims[d] = in_dims[d];
        p.pads_begin[d] = begin[d];
        p.out_dims[d] = in_dims[d] + begin[d] + end[d];
    }
    const int32_t nx = tu_count(rank, in_dims), ny = tu_count(rank, p.out_dims);
    float *x = tu_alloc(nx), *y = tu_alloc(ny), *want = tu_alloc(ny);
    tu_fill(x, nx, -1.0f, 1.0f);
    for (int32_t i = 0; i < ny; ++i) {
        int32_t oc[CAPS_MAX_DIMS], xc[CAPS_MAX_DIMS];
        tu_unravel(i, rank, p.out_dims, oc);
        int fill = 0;
        for (int32_t d = 0; d < rank; ++d) {
            xc[d] = pad_source(oc[d], in_dims[d], begin[d], mode);
            fill |= xc[d] < 0;
        }
        want[i] = fill ? p.value : x[tu_ravel(rank, in_dims, xc)];
    }
    CHECK(caps_pad_f32(&p, x, y) == CAPS_OK);
    CHECK_BITS(y, want, ny);
    if (mode == CAPS_PAD_CONSTANT) {
        /* The run-time fill variant: same bits with the value taken from a tensor, params->value ignored. */
        const float fill = p.value;
        caps_pad_params_t q = p;
        q.value = 12345.0f;
        CHECK(caps_pad_fill_f32(&q, x, &fill, y) == CAPS_OK);
        CHECK_BITS(y, want, ny);
    } else {
        CHECK(caps_pad_fill_f32(&p, x, &p.value, y) == CAPS_ERR_ARG);
    }
    CHECK(caps_pad_fill_f32(&p, x, NULL, y) == CAPS_ERR_ARG);
    free(x);
    free(y);
    free(want);
}

static void test_pad(void) {
    for (int32_t mode = CAPS_PAD_CONSTANT; mode <= CAPS_PAD_EDGE; ++mode) {
        {
            const int32_t in[] = {5}, b[] = {2}, e[] = {3};
            run_pad(1, in, b, e, mode);
        }
        {
            const int32_t in[] = {1, 3, 4, 5}, b[] = {0, 0, 1, 2}, e[] = {0, 0, 2, 1}; /* NCHW spatial pads */
            run_pad(4, in, b, e, mode);
        }
        {
            const int32_t in[] = {3, 4}, b[] = {-1, 2}, e[] = {2, -2}; /* crop and pad mixed */
            run_pad(2, in, b, e, mode);
        }
        {
            const int32_t in[] = {3, 2}, b[] = {7, 5}, e[] = {6, 4}; /* pads larger than the dims */
            run_pad(2, in, b, e, mode);
        }
        {
            const int32_t in[] = {1, 4}, b[] = {2, 0}, e[] = {1, 0}; /* size-1 dim */
            run_pad(2, in, b, e, mode);
        }
        {
            const int32_t in[] = {4, 4}, b[] = {-2, -1}, e[] = {-1, -2}; /* crop only */
            run_pad(2, in, b, e, mode);
        }
        for (int t = 0; t < 25; ++t) {
            const int32_t rank = tu_rand_int(1, CAPS_MAX_DIMS);
            int32_t in[CAPS_MAX_DIMS], b[CAPS_MAX_DIMS], e[CAPS_MAX_DIMS];
            for (int32_t d = 0; d < rank; ++d) {
                in[d] = tu_rand_int(1, 4);
                b[d] = tu_rand_int(-in[d] + 1, 4);
                e[d] = tu_rand_int(1 - in[d] - b[d], 4);
            }
            run_pad(rank, in, b, e, mode);
        }
    }

    /* Known values: ONNX Pad examples and numpy. */
    caps_pad_params_t p;
    memset(&p, 0, sizeof p);
    p.rank = 2;
    p.in_dims[0] = 3;
    p.in_dims[1] = 2;
    p.out_dims[0] = 3;
    p.out_dims[1] = 4;
    p.pads_begin[1] = 2;
    const float x[6] = {1.0f, 1.2f, 2.3f, 3.4f, 4.5f, 5.7f};
    float y[12];
    p.mode = CAPS_PAD_REFLECT;
    const float reflect[12] = {1.0f, 1.2f, 1.0f, 1.2f, 2.3f, 3.4f, 2.3f, 3.4f, 4.5f, 5.7f, 4.5f, 5.7f};
    CHECK(caps_pad_f32(&p, x, y) == CAPS_OK);
    CHECK_BITS(y, reflect, 12);
    p.mode = CAPS_PAD_EDGE;
    const float edge[12] = {1.0f, 1.0f, 1.0f, 1.2f, 2.3f, 2.3f, 2.3f, 3.4f, 4.5f, 4.5f, 4.5f, 5.7f};
    CHECK(caps_pad_f32(&p, x, y) == CAPS_OK);
    CHECK_BITS(y, edge, 12);
    p.mode = CAPS_PAD_CONSTANT;
    p.value = 0.0f;
    const float constant[12] = {0.0f, 0.0f, 1.0f, 1.2f, 0.0f, 0.0f, 2.3f, 3.4f, 0.0f, 0.0f, 4.5f, 5.7f};
    CHECK(caps_pad_f32(&p, x, y) == CAPS_OK);
    CHECK_BITS(y, constant, 12);
    /* np.pad([1, 2, 3], (5, 0), 'reflect') == [2, 1, 2, 3, 2, 1, 2, 3] */
    memset(&p, 0, sizeof p);
    p.rank = 1;
    p.in_dims[0] = 3;
    p.out_dims[0] = 8;
    p.pads_begin[0] = 5;
    p.mode = CAPS_PAD_REFLECT;
    const float v[3] = {1.0f, 2.0f, 3.0f}, vr[8] = {2.0f, 1.0f, 2.0f, 3.0f, 2.0f, 1.0f, 2.0f, 3.0f};
    CHECK(caps_pad_f32(&p, v, y) == CAPS_OK);
    CHECK_BITS(y, vr, 8);

    /* Validation. */
    caps_pad_params_t good;
    memset(&good, 0, sizeof good);
    good.rank = 2;
    good.in_dims[0] = 2;
    good.in_dims[1] = 3;
    good.out_dims[0] = 4;
    good.out_dims[1] = 3;
    good.pads_begin[0] = 1;
    good.mode = CAPS_PAD_REFLECT;
    float in[6] = {0}, out[12];
    CHECK(caps_pad_f32(&good, in, out) == CAPS_OK);
    tu_fill_sentinel(out, 12);
    CHECK(caps_pad_f32(NULL, in, out) == CAPS_ERR_ARG);
    CHECK(caps_pad_f32(&good, NULL, out) == CAPS_ERR_ARG);
    CHECK(caps_pad_f32(&good, in, NULL) == CAPS_ERR_ARG);
    caps_pad_params_t q;
#define BAD(field, value)                                                                                              \
    do {                                                                                                               \
        q = good;                                                                                                      \
        q.field = (value);                                                                                             \
        CHECK(caps_pad_f32(&q, in, out) == CAPS_ERR_ARG);                                                              \
    } while (0)
    BAD(rank, 0);
    BAD(rank, CAPS_MAX_DIMS + 1);
    BAD(mode, 3);
    BAD(mode, -1);
    BAD(in_dims[0], 0);
    BAD(out_dims[1], -1);
    BAD(out_dims[0], 0x7fffffff); /* element count overflows int32 */
#undef BAD
    CHECK(tu_is_sentinel(out, 12));
    /* Extreme pads are safe: every output is the fill value or an input element. */
    q = good;
    q.pads_begin[0] = 0x7fffffff;
    CHECK(caps_pad_f32(&q, in, out) == CAPS_OK);
    q.pads_begin[0] = -0x7fffffff - 1;
    q.mode = CAPS_PAD_EDGE;
    CHECK(caps_pad_f32(&q, in, out) == CAPS_OK);
}

int main(void) {
    tu_seed(8675309u);
    test_transpose();
    test_transpose_validation();
    test_concat();
    test_slice();
    test_pad();
    return tu_finish("test_data_movement");
}
