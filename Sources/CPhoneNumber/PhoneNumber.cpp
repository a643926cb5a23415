#include "CPhoneNumber.h"
#include <phonenumbers/phonenumberutil.h>
#include <phonenumbers/phonenumber.pb.h>
#include <cstring>
#include <string>

using i18n::phonenumbers::PhoneNumber;
using i18n::phonenumbers::PhoneNumberUtil;

static void tamis_copy(char *dst, size_t size, const std::string &src) {
  size_t n = src.size() < size - 1 ? src.size() : size - 1;
  std::memcpy(dst, src.data(), n);
  dst[n] = '\0';
}

/// What libphonenumber says of a parsed number: E.164, region, validity, type.
static void tamis_describe(const PhoneNumberUtil *util, const PhoneNumber &number, tamis_phone_result *out) {
  std::string formatted;
  util->Format(number, PhoneNumberUtil::E164, &formatted);
  tamis_copy(out->e164, sizeof(out->e164), formatted);
  std::string region;
  util->GetRegionCodeForNumber(number, &region);
  if (region != "ZZ") tamis_copy(out->region, sizeof(out->region), region);
  if (!util->IsValidNumber(number)) {
    out->status = TAMIS_PHONE_INVALID;
    return;
  }
  out->status = TAMIS_PHONE_VALID;
  out->type = static_cast<tamis_phone_type>(util->GetNumberType(number));
}

static void tamis_reset(tamis_phone_result *out) {
  std::memset(out, 0, sizeof(*out));
  out->status = TAMIS_PHONE_UNPARSABLE;
  out->type = TAMIS_PHONE_UNKNOWN;
}

extern "C" void tamis_phone_parse(const char *text, const char *default_region, tamis_phone_result *out) {
  tamis_reset(out);
  if (text == nullptr || default_region == nullptr) return;
  const PhoneNumberUtil *util = PhoneNumberUtil::GetInstance();
  PhoneNumber number;
  if (util->Parse(std::string(text), std::string(default_region), &number) != PhoneNumberUtil::NO_PARSING_ERROR) {
    return;
  }
  tamis_describe(util, number, out);
}

extern "C" void tamis_phone_describe(int country_code, unsigned long long national_number, tamis_phone_result *out) {
  tamis_reset(out);
  const PhoneNumberUtil *util = PhoneNumberUtil::GetInstance();
  PhoneNumber number;
  number.set_country_code(country_code);
  number.set_national_number(national_number);
  tamis_describe(util, number, out);
}
