#include "accounts/email.hpp"

#include <algorithm>
#include <cctype>

namespace vm::accounts {

std::string normalizeEmail(std::string email) {
  auto notSpace = [](unsigned char c) { return !std::isspace(c); };
  email.erase(email.begin(), std::find_if(email.begin(), email.end(), notSpace));
  email.erase(std::find_if(email.rbegin(), email.rend(), notSpace).base(), email.end());
  for (auto& c : email) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return email;
}

std::string emailError(const std::string& email) {
  if (email.empty()) return "email is required";
  if (email.size() > 254) return "email is too long";
  auto at = email.find('@');
  if (at == std::string::npos || at == 0 || email.find('@', at + 1) != std::string::npos)
    return "email is not a valid address";
  std::string domain = email.substr(at + 1);
  auto dot = domain.find('.');
  if (domain.empty() || dot == std::string::npos || dot == 0 || domain.back() == '.')
    return "email is not a valid address";
  for (unsigned char c : email)
    if (c <= 0x20 || c == 0x7f || c == '"' || c == ',' || c == ';' || c == '<' || c == '>')
      return "email is not a valid address";
  return "";
}

}  // namespace vm::accounts
