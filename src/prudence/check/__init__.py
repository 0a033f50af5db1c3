"""The post checker: detectors find evidence, the engine turns findings into a verdict (pure)."""
