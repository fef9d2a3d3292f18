from setuptools import setup

setup(name="textkit", version="0.1", packages=["textkit"])
