# ipykernel settings for every kernel this project's environment starts (installed by `make setup`
# as .venv/etc/ipython/ipython_kernel_config.py, which IPython reads from sys.prefix).
#
# Quarto's own Jupyter engine (`quarto render report`) starts its kernels over TCP on 127.0.0.1,
# and so do nbval and JupyterLab; ipykernel >= 7 then logs on every start
#   [IPKernelApp] WARNING | Kernel is running over TCP without encryption ...
# into the render log. Encryption would have to be set up by the kernel manager (jupyter_client's
# KernelManager.transport_encryption), which Quarto and nbval create without any configuration;
# the report's own build (`python -m analysis report`) uses Unix sockets instead and never sees
# the warning. The kernel application's own log (start-up and shutdown notices, not the output
# or the errors of the code it runs) is therefore kept to errors.
c = get_config()  # noqa: F821  (IPython's config loader provides it)
c.IPKernelApp.log_level = "ERROR"
