/**
 * Fixed identities of the extension. The Chromium id is derived from {@link CHROMIUM_PUBLIC_KEY}
 * (the manifest `key`), so unpacked builds, policies and tests all agree on it.
 */
export const CHROMIUM_PUBLIC_KEY =
  'MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA4sgJUhd2RMR6CJ+OxLjYaHom7Hr5pNi+fckLwraIVOvUEecRtYYueqf3aRnCKK6qY1UqOjEFNJb0yJt2nHesXW2UvV6fVlBC5nVoMfiNqLki3M2z+BOGlvvQrU6GgmWIXiPVIU3cQxZdndnLX/nAOr/vkMo1i/BVntXJTXAPjprmYfMe/0jHuW3A6WyrZJsYusGEwlDdPLSNk/bsEliYvXft+NSD8UYETyoAv4LOXmUHwhK4jkx/GvzShakxIdNsAEX9WDz9xWIn+1s3OCG2xu3WGwFPXaOU8aNlr4Los8fCptOnhaXSQUCexwooHi/1yV5qbUhpuoedBy0vN0oOewIDAQAB';
export const CHROMIUM_EXTENSION_ID = 'dlmdopcbefcfamndlbiecdkjacmfoafg';
export const GECKO_ID = 'therape-readiness@readiness-check';
