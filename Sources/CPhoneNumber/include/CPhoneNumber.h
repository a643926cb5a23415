#ifndef TAMIS_CPHONENUMBER_H
#define TAMIS_CPHONENUMBER_H
// A C API over libphonenumber's C++ PhoneNumberUtil, so that Swift can call it without
// C++ interoperability. Every symbol is prefixed tamis_phone_ to stay clear of the library's own.
#ifdef __cplusplus
extern "C" {
#endif

/// What libphonenumber made of one string.
typedef enum {
  TAMIS_PHONE_VALID = 0,        /* parsed and valid for its region */
  TAMIS_PHONE_INVALID = 1,      /* parsed, but no such number exists in the numbering plan */
  TAMIS_PHONE_UNPARSABLE = 2    /* not a phone number at all (letters, too short, no region) */
} tamis_phone_status;

/// libphonenumber's PhoneNumberType, in its own order.
typedef enum {
  TAMIS_PHONE_FIXED_LINE = 0, TAMIS_PHONE_MOBILE, TAMIS_PHONE_FIXED_LINE_OR_MOBILE,
  TAMIS_PHONE_TOLL_FREE, TAMIS_PHONE_PREMIUM_RATE, TAMIS_PHONE_SHARED_COST, TAMIS_PHONE_VOIP,
  TAMIS_PHONE_PERSONAL_NUMBER, TAMIS_PHONE_PAGER, TAMIS_PHONE_UAN, TAMIS_PHONE_VOICEMAIL,
  TAMIS_PHONE_UNKNOWN
} tamis_phone_type;

typedef struct {
  tamis_phone_status status;
  tamis_phone_type type;
  char e164[24];     /* "+33612345678", empty unless status is VALID or INVALID */
  char region[4];    /* ISO 3166-1 alpha-2 of the number, empty when unknown */
} tamis_phone_result;

/// Parses `text` (UTF-8) with `default_region` (ISO alpha-2, e.g. "FR") for national forms.
/// Thread-safe: PhoneNumberUtil is a const singleton.
void tamis_phone_parse(const char *text, const char *default_region, tamis_phone_result *out);

/// What libphonenumber says of the number with this country calling code and national
/// significant number (no leading zero), as `tamis_phone_parse` would of its E.164 text,
/// without parsing text (most of a parse's cost: its regular expressions).
void tamis_phone_describe(int country_code, unsigned long long national_number, tamis_phone_result *out);

#ifdef __cplusplus
}
#endif
#endif
