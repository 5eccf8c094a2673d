# Third-party libraries, all from Debian 12 packages (see scripts/install-deps.sh).
find_package(Threads REQUIRED)
find_package(Boost 1.81 REQUIRED COMPONENTS json url)
find_package(OpenSSL REQUIRED)
find_package(yaml-cpp REQUIRED)          # target: yaml-cpp
find_package(pugixml 1.11 REQUIRED)     # target: pugixml::pugixml (Open311 and WeChat XML)
find_package(PkgConfig REQUIRED)
pkg_check_modules(LMDB REQUIRED IMPORTED_TARGET lmdb)  # LMDB ships only a .pc file
pkg_check_modules(PQ REQUIRED IMPORTED_TARGET libpq)   # libpq-dev; the PostgreSQL backend
# libjemalloc-dev: the rexian binary's allocator (glibc malloc/free was ~23 %
# of the simulator's CPU; see docs/PERFORMANCE.md).
pkg_check_modules(JEMALLOC REQUIRED IMPORTED_TARGET jemalloc)
find_path(VALIJSON_INCLUDE_DIR valijson/validator.hpp REQUIRED)
add_library(valijson INTERFACE)
target_include_directories(valijson SYSTEM INTERFACE ${VALIJSON_INCLUDE_DIR})
# Without it valijson aborts the process on a malformed schema instead of throwing.
target_compile_definitions(valijson INTERFACE VALIJSON_USE_EXCEPTIONS=1)
find_program(CCACHE_PROGRAM ccache)
if(CCACHE_PROGRAM AND NOT CMAKE_CXX_COMPILER_LAUNCHER)
  set(CMAKE_CXX_COMPILER_LAUNCHER ${CCACHE_PROGRAM})
  set(CMAKE_C_COMPILER_LAUNCHER ${CCACHE_PROGRAM})
endif()
