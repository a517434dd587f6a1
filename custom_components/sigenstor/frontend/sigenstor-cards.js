// Placeholder until the built bundle from frontend/ lands (it replaces this file).
for (const name of ["sigenstor-dashboard-card", "sigenstor-plan-card", "sigenstor-schedule-card"]) {
  if (!customElements.get(name)) {
    customElements.define(
      name,
      class extends HTMLElement {
        setConfig(config) {
          this.config = config;
        }
        set hass(hass) {
          this.textContent = `${name}: bundle not built yet`;
        }
      },
    );
  }
}
