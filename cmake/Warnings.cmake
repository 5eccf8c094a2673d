# Warnings on for our own targets: rexian_warnings(<target>).
function(rexian_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wshadow
                         -Wnon-virtual-dtor -Wold-style-cast -Wno-missing-field-initializers)
endfunction()
