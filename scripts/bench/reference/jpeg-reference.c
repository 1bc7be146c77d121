/*
 * The bench's physical reference for preprocessing: what one thread of plain C does with the
 * system's libjpeg-turbo (SIMD decoder, libjpeg API) for each photo, from memory:
 *   decode to RGB (DCT-domain downscale by 1/2, 1/4 or 1/8 where the short side stays >= 256,
 *   as libvips' shrink-on-load does), fixed-point bilinear resize to a short side of 256,
 *   centre 224 crop, normalise to float32 CHW with a 256-entry table per channel.
 * It reports CPU time per photo (CLOCK_PROCESS_CPUTIME_ID), the median of the passes after a
 * warm-up pass, for the whole job and for the decode alone, as one JSON line.
 *
 * usage: jpeg-reference PASSES [--dump-resized OUT.rgb] FILE...
 *   --dump-resized writes the first photo's resized RGB (width, height as two uint32 LE, then
 *   pixels) so a test can check the reference does the same job as the product.
 *
 * Built by scripts/bench/reference/jpeg-reference.ts with `cc -O2 ... -ljpeg`. libjpeg API:
 * https://github.com/libjpeg-turbo/libjpeg-turbo/blob/main/doc/libjpeg.txt
 */
/* jpeglib.h needs size_t and FILE declared before it. */
#include <stddef.h>
#include <stdio.h>
#include <jpeglib.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define SHORT_SIDE 256
#define CROP 224
#define MAX_FILES 100000

struct photo { unsigned char *bytes; unsigned long size; };
struct fail_handler { struct jpeg_error_mgr mgr; jmp_buf jump; };

static void on_error(j_common_ptr cinfo) { longjmp(((struct fail_handler *)cinfo->err)->jump, 1); }

static double cpu_ms(void) {
  struct timespec t;
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
  return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

static int compare_doubles(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

/* Decodes into *rgb (grown as needed); returns 0 on success. */
static int decode(const struct photo *p, unsigned char **rgb, size_t *capacity, int *w, int *h) {
  struct jpeg_decompress_struct cinfo;
  struct fail_handler err;
  cinfo.err = jpeg_std_error(&err.mgr);
  err.mgr.error_exit = on_error;
  if (setjmp(err.jump)) { jpeg_destroy_decompress(&cinfo); return 1; }
  jpeg_create_decompress(&cinfo);
  jpeg_mem_src(&cinfo, p->bytes, p->size);
  jpeg_read_header(&cinfo, TRUE);
  cinfo.out_color_space = JCS_RGB;
  unsigned int short_side = cinfo.image_width < cinfo.image_height ? cinfo.image_width : cinfo.image_height;
  cinfo.scale_num = 1;
  cinfo.scale_denom = 1;
  for (unsigned int denom = 8; denom > 1; denom /= 2) {
    if ((short_side + denom - 1) / denom >= SHORT_SIDE) { cinfo.scale_denom = denom; break; }
  }
  jpeg_start_decompress(&cinfo);
  size_t stride = (size_t)cinfo.output_width * 3, need = stride * cinfo.output_height;
  if (need > *capacity) { *rgb = realloc(*rgb, need); *capacity = need; }
  while (cinfo.output_scanline < cinfo.output_height) {
    JSAMPROW row = *rgb + cinfo.output_scanline * stride;
    jpeg_read_scanlines(&cinfo, &row, 1);
  }
  *w = (int)cinfo.output_width;
  *h = (int)cinfo.output_height;
  jpeg_finish_decompress(&cinfo);
  jpeg_destroy_decompress(&cinfo);
  return 0;
}

/* Source position of destination pixel i: pixel centres aligned, 8 fractional bits (as
 * libvips' interpolators), clamped to the edge. */
static void positions(int src, int dst, int *index, int *weight) {
  for (int i = 0; i < dst; i++) {
    int fixed = (int)((((int64_t)(2 * i + 1) * src << 8) / (2 * dst)) - 128);
    if (fixed < 0) fixed = 0;
    index[i] = fixed >> 8;
    weight[i] = index[i] + 1 < src ? fixed & 0xff : 0;
  }
}

/* Bilinear resize, integer arithmetic, one pass over the destination. */
static void resize(const unsigned char *src, int sw, int sh, unsigned char *dst, int dw, int dh) {
  static int xi[SHORT_SIDE * 64], xw[SHORT_SIDE * 64], yi[SHORT_SIDE * 64], yw[SHORT_SIDE * 64];
  positions(sw, dw, xi, xw);
  positions(sh, dh, yi, yw);
  for (int y = 0; y < dh; y++) {
    const unsigned char *row0 = src + (size_t)yi[y] * sw * 3;
    const unsigned char *row1 = yw[y] ? row0 + (size_t)sw * 3 : row0;
    int wy = yw[y];
    unsigned char *out = dst + (size_t)y * dw * 3;
    for (int x = 0; x < dw; x++) {
      const unsigned char *a = row0 + xi[x] * 3, *c = row1 + xi[x] * 3;
      int step = xw[x] ? 3 : 0, wx = xw[x];
      for (int ch = 0; ch < 3; ch++) {
        int top = (a[ch] << 8) + (a[ch + step] - a[ch]) * wx;
        int bottom = (c[ch] << 8) + (c[ch + step] - c[ch]) * wx;
        *out++ = (unsigned char)(((top << 8) + (bottom - top) * wy + (1 << 15)) >> 16);
      }
    }
  }
}

static void crop_normalise(const unsigned char *img, int w, int h, const float *table, float *out) {
  int left = (w - CROP) / 2, top = (h - CROP) / 2, plane = CROP * CROP, i = 0;
  for (int y = 0; y < CROP; y++) {
    const unsigned char *px = img + ((size_t)(top + y) * w + left) * 3;
    for (int x = 0; x < CROP; x++, px += 3, i++) {
      out[i] = table[px[0]];
      out[plane + i] = table[256 + px[1]];
      out[2 * plane + i] = table[512 + px[2]];
    }
  }
}

int main(int argc, char **argv) {
  if (argc < 3) { fprintf(stderr, "usage: %s PASSES [--dump-resized OUT.rgb] FILE...\n", argv[0]); return 2; }
  int passes = atoi(argv[1]), first = 2;
  const char *dump = NULL;
  if (argc > 3 && strcmp(argv[2], "--dump-resized") == 0) { dump = argv[3]; first = 4; }
  int count = argc - first;
  if (passes < 2 || count < 1 || count > MAX_FILES) { fprintf(stderr, "need >= 2 passes and 1..%d files\n", MAX_FILES); return 2; }
  struct photo *photos = calloc((size_t)count, sizeof *photos);
  for (int i = 0; i < count; i++) {
    FILE *f = fopen(argv[first + i], "rb");
    if (!f) { fprintf(stderr, "cannot open %s\n", argv[first + i]); return 1; }
    fseek(f, 0, SEEK_END);
    photos[i].size = (unsigned long)ftell(f);
    fseek(f, 0, SEEK_SET);
    photos[i].bytes = malloc(photos[i].size);
    if (fread(photos[i].bytes, 1, photos[i].size, f) != photos[i].size) { fprintf(stderr, "cannot read %s\n", argv[first + i]); return 1; }
    fclose(f);
  }
  /* ImageNet mean/std, as the shipped model card says. */
  const float mean[3] = {0.485f, 0.456f, 0.406f}, std[3] = {0.229f, 0.224f, 0.225f};
  float table[768];
  for (int c = 0; c < 3; c++)
    for (int v = 0; v < 256; v++) table[c * 256 + v] = (float)((v / 255.0 - mean[c]) / std[c]);

  unsigned char *rgb = NULL, *resized = malloc((size_t)SHORT_SIDE * SHORT_SIDE * 3 * 64);
  size_t capacity = 0;
  float *tensor = malloc(sizeof(float) * 3 * CROP * CROP);
  double *whole = calloc((size_t)passes, sizeof(double)), *decode_only = calloc((size_t)passes, sizeof(double));
  double checksum = 0;
  for (int pass = 0; pass < passes; pass++) {
    double started = cpu_ms();
    for (int i = 0; i < count; i++) {
      int w, h;
      if (decode(&photos[i], &rgb, &capacity, &w, &h)) { fprintf(stderr, "cannot decode %s\n", argv[first + i]); return 1; }
    }
    decode_only[pass] = (cpu_ms() - started) / count;
    started = cpu_ms();
    for (int i = 0; i < count; i++) {
      int w, h;
      decode(&photos[i], &rgb, &capacity, &w, &h);
      int dw = w <= h ? SHORT_SIDE : (int)((double)w * SHORT_SIDE / h + 0.5);
      int dh = w <= h ? (int)((double)h * SHORT_SIDE / w + 0.5) : SHORT_SIDE;
      if ((size_t)dw * dh > (size_t)SHORT_SIDE * SHORT_SIDE * 64) { fprintf(stderr, "%s is too elongated\n", argv[first + i]); return 1; }
      resize(rgb, w, h, resized, dw, dh);
      crop_normalise(resized, dw, dh, table, tensor);
      checksum += tensor[i % (3 * CROP * CROP)];
      if (dump && pass == 0 && i == 0) {
        FILE *out = fopen(dump, "wb");
        uint32_t dims[2] = {(uint32_t)dw, (uint32_t)dh};
        if (!out || fwrite(dims, 4, 2, out) != 2 || fwrite(resized, 3, (size_t)dw * dh, out) != (size_t)dw * dh) { fprintf(stderr, "cannot write %s\n", dump); return 1; }
        fclose(out);
      }
    }
    whole[pass] = (cpu_ms() - started) / count;
  }
  /* Pass 0 is the warm-up. */
  qsort(whole + 1, (size_t)passes - 1, sizeof(double), compare_doubles);
  qsort(decode_only + 1, (size_t)passes - 1, sizeof(double), compare_doubles);
  printf("{\"photos\":%d,\"passes\":%d,\"preprocessCpuMs\":%.4f,\"decodeCpuMs\":%.4f,\"checksum\":%.3f}\n", count,
         passes - 1, whole[1 + (passes - 1) / 2], decode_only[1 + (passes - 1) / 2], checksum);
  return 0;
}
