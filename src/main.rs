fn main() {
    canarytoken_manager::start();
}
