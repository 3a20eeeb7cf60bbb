/**
 * @file test_reduction.c
 * @brief Unit tests of caps_reduce_sum_f32, caps_reduce_mean_f32 and caps_reduce_max_f32.
 *
 * For shapes of rank 1 to 6, every axes_mask (including 0, the identity copy, and all axes) is checked
 * against a reference that scatters each input element (by its coordinates) into double accumulators of
 * the output; the empty mask must copy bit for bit; reduce_max propagates NaN; invalid parameters
 * return CAPS_ERR_ARG without writing.
 */
#include "test_util.h"

/** Output index of input coordinates xc: the kept coordinates, row-major over the kept dims. */
static int32_t kept_index(int32_t rank, const int32_t *dims, int32_t mask, const int32_t *xc) {
    int32_t o = 0;
    for (int32_t d = 0; d < rank; ++d)
        if (!((mask >> d) & 1))
            o = o * dims[d] + xc[d];
    return o;
}

static void run_shape(int32_t rank, const int32_t *dims) {
    caps_reduce_params_t p;
    memset(&p, 0, sizeof p);
    p.rank = rank;
    memcpy(p.in_dims, dims, (size_t)rank * sizeof(int32_t));
    const int32_t nx = tu_count(rank, dims);
    float *x = tu_alloc(nx), *y = tu_alloc(nx);
    double *sum = tu_alloc_d(nx), *mx = tu_alloc_d(nx), *mean = tu_alloc_d(nx);
    int32_t *cnt = (int32_t *)calloc((size_t)nx, sizeof(int32_t));
    tu_fill(x, nx, -3.0f, 3.0f);
    for (int32_t mask = 0; mask < (1 << rank); ++mask) {
        p.axes_mask = mask;
        int32_t ny = 1;
        for (int32_t d = 0; d < rank; ++d)
            if (!((mask >> d) & 1))
                ny *= dims[d];
        for (int32_t i = 0; i < ny; ++i) {
            sum[i] = 0.0;
            mx[i] = -INFINITY;
            cnt[i] = 0;
        }
        for (int32_t i = 0; i < nx; ++i) {
            int32_t xc[CAPS_MAX_DIMS];
            tu_unravel(i, rank, dims, xc);
            const int32_t o = kept_index(rank, dims, mask, xc);
            sum[o] += (double)x[i];
            mx[o] = (double)x[i] > mx[o] ? (double)x[i] : mx[o];
            cnt[o] += 1;
        }
        for (int32_t i = 0; i < ny; ++i)
            mean[i] = sum[i] / cnt[i];
        const int32_t terms = nx / ny;
        char name[64];
        snprintf(name, sizeof name, "reduce_sum rank %d mask 0x%x", (int)rank, (unsigned)mask);
        CHECK(caps_reduce_sum_f32(&p, x, y) == CAPS_OK);
        CHECK_CLOSE(name, y, sum, ny, 1e-5, 2e-6 * terms);
        snprintf(name, sizeof name, "reduce_mean rank %d mask 0x%x", (int)rank, (unsigned)mask);
        CHECK(caps_reduce_mean_f32(&p, x, y) == CAPS_OK);
        CHECK_CLOSE(name, y, mean, ny, 1e-5, 2e-6);
        snprintf(name, sizeof name, "reduce_max rank %d mask 0x%x", (int)rank, (unsigned)mask);
        CHECK(caps_reduce_max_f32(&p, x, y) == CAPS_OK);
        CHECK_CLOSE(name, y, mx, ny, 0.0, 0.0);
    }
    free(x);
    free(y);
    free(sum);
    free(mx);
    free(mean);
    free(cnt);
}

static void test_shapes(void) {
    const int32_t s1[] = {17};
    const int32_t s2[] = {5, 7};
    const int32_t s3[] = {3, 4, 5};
    const int32_t s4[] = {2, 3, 4, 5};
    const int32_t s4b[] = {1, 6, 1, 3};
    const int32_t s5[] = {2, 3, 2, 3, 2};
    const int32_t s6[] = {2, 2, 3, 1, 2, 3};
    run_shape(1, s1);
    run_shape(2, s2);
    run_shape(3, s3);
    run_shape(4, s4);
    run_shape(4, s4b);
    run_shape(5, s5);
    run_shape(6, s6);
    const int32_t big[] = {3, 1000};
    run_shape(2, big);
}

static void test_details(void) {
    caps_reduce_params_t p;
    memset(&p, 0, sizeof p);
    p.rank = 2;
    p.in_dims[0] = 2;
    p.in_dims[1] = 3;
    float x[6] = {-0.0f, 1.0f, NAN, -2.0f, -0.0f, 5.0f}, y[6];
    /* An empty mask copies bit for bit, for every reduction. */
    p.axes_mask = 0;
    CHECK(caps_reduce_sum_f32(&p, x, y) == CAPS_OK);
    CHECK_BITS(y, x, 6);
    CHECK(caps_reduce_mean_f32(&p, x, y) == CAPS_OK);
    CHECK_BITS(y, x, 6);
    CHECK(caps_reduce_max_f32(&p, x, y) == CAPS_OK);
    CHECK_BITS(y, x, 6);
    /* NaN propagates through max, whatever its position. */
    p.axes_mask = 2;
    CHECK(caps_reduce_max_f32(&p, x, y) == CAPS_OK);
    CHECK(isnan(y[0]) && y[1] == 5.0f);
    p.axes_mask = 1;
    CHECK(caps_reduce_max_f32(&p, x, y) == CAPS_OK);
    CHECK(y[0] == -0.0f && y[1] == 1.0f && isnan(y[2]));
    /* Exact small sums and means. */
    float z[6] = {1, 2, 3, 4, 5, 6};
    p.axes_mask = 3;
    CHECK(caps_reduce_sum_f32(&p, z, y) == CAPS_OK);
    CHECK(y[0] == 21.0f);
    CHECK(caps_reduce_mean_f32(&p, z, y) == CAPS_OK);
    CHECK(y[0] == 3.5f);
    p.axes_mask = 1;
    CHECK(caps_reduce_mean_f32(&p, z, y) == CAPS_OK);
    CHECK(y[0] == 2.5f && y[1] == 3.5f && y[2] == 4.5f);
}

static void test_validation(void) {
    caps_status_t (*kernels[3])(const caps_reduce_params_t *, const float *,
                                float *) = {caps_reduce_sum_f32, caps_reduce_mean_f32, caps_reduce_max_f32};
    caps_reduce_params_t good;
    memset(&good, 0, sizeof good);
    good.rank = 3;
    good.in_dims[0] = 2;
    good.in_dims[1] = 3;
    good.in_dims[2] = 4;
    good.axes_mask = 5;
    float x[24] = {0}, y[24];
    for (int k = 0; k < 3; ++k) {
        CHECK(kernels[k](&good, x, y) == CAPS_OK);
        tu_fill_sentinel(y, 24);
        CHECK(kernels[k](NULL, x, y) == CAPS_ERR_ARG);
        CHECK(kernels[k](&good, NULL, y) == CAPS_ERR_ARG);
        CHECK(kernels[k](&good, x, NULL) == CAPS_ERR_ARG);
        caps_reduce_params_t p = good;
        p.rank = 0;
        CHECK(kernels[k](&p, x, y) == CAPS_ERR_ARG);
        p.rank = CAPS_MAX_DIMS + 1;
        CHECK(kernels[k](&p, x, y) == CAPS_ERR_ARG);
        p = good;
        p.in_dims[1] = 0;
        CHECK(kernels[k](&p, x, y) == CAPS_ERR_ARG);
        p = good;
        p.in_dims[0] = 0x7fffffff;
        CHECK(kernels[k](&p, x, y) == CAPS_ERR_ARG);
        p = good;
        p.axes_mask = 8; /* bit 3 with rank 3 */
        CHECK(kernels[k](&p, x, y) == CAPS_ERR_ARG);
        p.axes_mask = -1;
        CHECK(kernels[k](&p, x, y) == CAPS_ERR_ARG);
        CHECK(tu_is_sentinel(y, 24));
    }
}

int main(void) {
    tu_seed(2718u);
    test_shapes();
    test_details();
    test_validation();
    return tu_finish("test_reduction");
}
